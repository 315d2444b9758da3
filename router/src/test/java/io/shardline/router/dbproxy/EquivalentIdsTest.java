package io.shardline.router.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Topology;
import io.shardline.router.meta.TopologyAssembler;
import io.shardline.router.meta.YamlSplitConfig;
import io.shardline.router.route.Lookup3;
import io.shardline.router.route.Shard;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * reformHintIds, allSplitHintIds, splitInfo and categoryInfo on the golden topology (DESIGN.md's worked example:
 * span 200000, category ud with an odd/even slot 1, msg split again every 50000), checked against the vectors of
 * DESIGN.md and, exhaustively, against routing itself.
 */
class EquivalentIdsTest {
    private static Topology golden;
    private static Topology extra;

    @BeforeAll
    static void load() throws IOException, ShardlineException {
        try (var in = EquivalentIdsTest.class.getResourceAsStream("/routing/topology.yaml")) {
            golden = TopologyAssembler.assemble(YamlSplitConfig.parse(new InputStreamReader(in, StandardCharsets.UTF_8), 1));
        }
        extra = TopologyAssembler.assemble(YamlSplitConfig.parse(new StringReader("""
                server_info:
                  - {server_id: 1, host: 10.0.0.1}
                table_info:
                  - {table_name: zero, split_type: 1, range_span: 0, database_category: oe, hint_field: id}
                  - {table_name: uneven, split_type: 1, range_span: 5, database_category: oe, secondary_split: 1, secondary_split_span: 2, hint_field: id}
                split_range_info:
                  - {database_category: oe, split_index: 0, index_type: 1, database_name: oe_odd, server_id: 1}
                  - {database_category: oe, split_index: 0, index_type: 2, database_name: oe_even, server_id: 1}
                  - {database_category: plain, split_index: 0, database_name: p_0, server_id: 1}
                  - {database_category: plain, split_index: 1, database_name: p_1, server_id: 1}
                """), 1));
    }

    private static LogicalTable table(String name) {
        LogicalTable t = golden.table("", name);
        return t != null ? t : extra.table("", name);
    }

    @Test
    void reformsTheDesignVectorOfMsg() {
        HintPairs<Long> r = EquivalentIds.reform(table("msg"), List.of(123456L, 200013L, 250000L, 250002L, 600000L));
        assertEquals(List.of(new HintPair<>(100000L, List.of(123456L)), new HintPair<>(200001L, List.of(200013L)),
                new HintPair<>(250000L, List.of(250000L, 250002L))), r.hintPairs());
        assertEquals(List.of(600000L), r.invalidIds());
        assertEquals("{hintPairs=[[100000, [123456]], [200001, [200013]], [250000, [250000, 250002]]], invalidIds=[600000]}",
                r.toMap().toString());
    }

    @Test
    void allSplitHintIdsOfMsgAreItsSixteenShards() throws ShardlineException {
        assertEquals(List.of(0L, 50000L, 100000L, 150000L, 200000L, 200001L, 250000L, 250001L, 300000L, 300001L,
                350000L, 350001L, 400000L, 450000L, 500000L, 550000L), EquivalentIds.all(table("msg")));
    }

    @Test
    void hashTablesReformByModulo() throws ShardlineException {
        HintPairs<Long> r = EquivalentIds.reform(table("user"), List.of(27L, 3L, 13L, 105L, 3L, -4L));
        assertEquals("{hintPairs=[[3, [3, 13]], [5, [105]], [7, [27]]], invalidIds=[-4]}", r.toMap().toString(),
                "ascending, duplicates dropped, negative ids invalid");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), EquivalentIds.all(table("user")));
        assertEquals(List.of(0L), EquivalentIds.all(table("config")), "table_count 1: one shard");
    }

    @Test
    void stringHintsGroupByTheirLookup3Hash() {
        // DESIGN.md's hashes: "abc" 238646833 % 4 = 1, "hello" 885767278 % 4 = 2, "user_1001" 2553296082 % 4 = 2,
        // "" 3735928559 % 4 = 3
        HintPairs<String> r = EquivalentIds.group(table("account"), List.of("user_1001", "abc", "", "hello"),
                Lookup3::hashString);
        assertEquals("{hintPairs=[[1, [abc]], [2, [hello, user_1001]], [3, []]], invalidIds=[]}", r.toMap().toString());
    }

    @Test
    void rangeWithoutSecondarySplitKeepsParityOnOddEvenSlots() throws ShardlineException {
        HintPairs<Long> r = EquivalentIds.reform(table("feed"), List.of(5L, 200002L, 200003L, 400001L, 600000L, -1L));
        assertEquals("{hintPairs=[[0, [5]], [200000, [200002]], [200001, [200003]], [400000, [400001]]], invalidIds=[-1, 600000]}",
                r.toMap().toString());
        assertEquals(List.of(0L, 200000L, 200001L, 400000L), EquivalentIds.all(table("feed")));
    }

    @Test
    void spanZeroIsOneSlotAndKeepsItsParity() throws ShardlineException {
        // DBProxy maps every id of a span-0 table to 0, which sends odd ids of an odd/even slot to the even database
        assertEquals(List.of(0L, 1L), EquivalentIds.all(table("zero")));
        assertEquals("{hintPairs=[[0, [4, 800000]], [1, [7]]], invalidIds=[]}",
                EquivalentIds.reform(table("zero"), List.of(4L, 7L, 800000L)).toMap().toString());
    }

    @Test
    void aShortLastSecondaryTableListsOnlyTheIdsItHolds() throws ShardlineException {
        // span 5, secondary span 2: tables [0,2), [2,4), [4,5); the last holds only the even id 4
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), EquivalentIds.all(table("uneven")));
    }

    /** Every id's equivalent id reaches the same shard, and is the smallest id (of its parity) that does. */
    @Test
    void equivalentIdsAgreeWithRoutingExhaustively() throws ShardlineException {
        for (String name : List.of("msg", "feed", "user", "account", "config", "uneven")) {
            LogicalTable t = table(name);
            long limit = t.splitByRange() ? (name.equals("uneven") ? 5 : 600_000) : 1_000;
            Map<Shard, Long> smallest = new HashMap<>();
            SortedSet<Long> distinct = new TreeSet<>();
            for (long id = 0; id < limit; id++) {
                Shard s = t.locate(id);
                smallest.putIfAbsent(s, id);
                long equivalent = EquivalentIds.of(t, id);
                assertEquals(smallest.get(s), equivalent, name + " id " + id);
                distinct.add(equivalent);
            }
            assertEquals(List.copyOf(distinct), EquivalentIds.all(t), name + ": one id per shard");
        }
        assertEquals(-1, EquivalentIds.of(table("msg"), 600_000));
        assertEquals(-1, EquivalentIds.of(table("user"), -1));
    }

    @Test
    void splitInfoAnswersInTheSpecShape() {
        assertEquals(new SplitInfo.Range(200000, 3, "ud", "id", true, 50000), SplitInfo.of(table("msg")));
        assertEquals("{splitByRange=true, span=200000, count=3, databaseCategory=ud, splitHint=id, secondarySplit=true,"
                + " secondarySplitSpan=50000}", SplitInfo.of(table("msg")).toMap().toString());
        assertEquals("{splitByRange=true, span=200000, count=3, databaseCategory=ud, splitHint=fid, secondarySplit=false,"
                + " secondarySplitSpan=0}", SplitInfo.of(table("feed")).toMap().toString(), "span -1 is the default span");
        assertEquals("{splitByRange=false, tableCount=10, splitHint=uid}", SplitInfo.of(table("user")).toMap().toString());
    }

    @Test
    void categoryInfoListsOddEvenIndexesOnlyWhenThereAreAny() {
        assertEquals("{splitCount=3, oddEvenCount=1, oddEvenIndexes=[1]}",
                CategoryInfo.of(golden.category("", "ud")).toMap().toString());
        assertEquals("{splitCount=2, oddEvenCount=0}", CategoryInfo.of(extra.category("", "plain")).toMap().toString());
    }

    @Test
    void spanZeroWithASecondarySplitCannotBeListed() throws IOException, ShardlineException {
        Topology t = TopologyAssembler.assemble(YamlSplitConfig.parse(new StringReader("""
                server_info: [{server_id: 1, host: h}]
                table_info: [{table_name: endless, split_type: 1, range_span: 0, database_category: c, secondary_split: 1, secondary_split_span: 10}]
                split_range_info: [{database_category: c, split_index: 0, database_name: c_0, server_id: 1}]
                """), 1));
        assertEquals(100403, assertThrows(ShardlineException.class, () -> EquivalentIds.all(t.table("", "endless")))
                .getErrorCode());
    }
}
