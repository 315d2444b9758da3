package io.shardline.router.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.Planner;
import io.shardline.router.plan.Route;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.SqlCache;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TopologyAssemblerTest {
    private static final String SERVERS = """
            server_info:
              - {server_id: 1, host: a, passwd: p}
              - {server_id: 2, host: b}
              - {server_id: 3, master_sid: 1, host: c}
            """;

    static Topology load(String yaml) throws IOException, ShardlineException {
        return TopologyAssembler.assemble(YamlSplitConfig.parse(new StringReader(yaml), 7));
    }

    static String problems(String yaml) throws IOException {
        TopologyException e = assertThrows(TopologyException.class, () -> load(yaml));
        assertEquals(100503, e.getErrorCode());
        return String.join("\n", e.problems());
    }

    @Test
    void workedExampleRoutesAsDesignSays() throws Exception {
        Topology t = load(SERVERS + """
                table_info:
                  - {table_name: msg, split_type: 1, range_span: 200000, database_category: ud, secondary_split: 1, secondary_split_span: 50000, hint_field: id}
                split_range_info:
                  - {database_category: ud, split_index: 0, database_name: ud_0, server_id: 1}
                  - {database_category: ud, split_index: 1, index_type: 1, database_name: ud_1_odd, server_id: 1}
                  - {database_category: ud, split_index: 1, index_type: 2, database_name: ud_1_even, server_id: 2}
                  - {database_category: ud, split_index: 2, database_name: ud_2, server_id: 2}
                """);
        LogicalTable msg = t.table("", "msg");
        assertEquals(new Shard(1, "ud_0", "msg2"), msg.locate(123456));
        assertEquals(new Shard(1, "ud_1_odd", "msg0"), msg.locate(200013));
        assertEquals(new Shard(2, "ud_1_even", "msg1"), msg.locate(250000));
        assertEquals(new Shard(2, "ud_2", "msg3"), msg.locate(599999));
        ShardlineException beyond = assertThrows(ShardlineException.class, () -> msg.locate(600000));
        assertEquals(100404, beyond.getErrorCode());
        assertEquals(100422, assertThrows(ShardlineException.class, () -> msg.locate(-5)).getErrorCode());
        assertEquals(100403, assertThrows(ShardlineException.class, () -> msg.locateString("abc")).getErrorCode());
        assertEquals(7, t.updateStamp());
        assertEquals(1, t.category("", "ud").oddEvenCount());
    }

    @Test
    void spanRulesDefaultZeroAndNumberBase() throws Exception {
        Topology t = load(SERVERS + """
                variable_setting: {default split range span: 1000, secondary split number base: 1}
                table_info:
                  - {table_name: d, split_type: 1, range_span: -1, database_category: c, hint_field: id}
                  - {table_name: z, split_type: 1, range_span: 0, database_category: c, hint_field: id}
                  - {table_name: s, split_type: 1, database_category: c, secondary_split: 1, secondary_split_span: 100, hint_field: id}
                split_range_info:
                  - {database_category: c, split_index: 0, database_name: c0, server_id: 1}
                  - {database_category: c, split_index: 1, database_name: c1, server_id: 2}
                """);
        assertEquals(1000, ((SplitRule.RangeSplit) t.table("", "d").split()).span());
        assertEquals(new Shard(2, "c1", "d"), t.table("", "d").locate(1999));
        // span 0: unsplit, every id in slot 0
        assertEquals(new Shard(1, "c0", "z"), t.table("", "z").locate(987654321));
        // secondary split numbers start at the configured base
        assertEquals(new Shard(2, "c1", "s10"), t.table("", "s").locate(1999));
        assertEquals(new Shard(1, "c0", "s1"), t.table("", "s").locate(0));
    }

    @Test
    void hashTablesUsePlacementsAndSuffixes() throws Exception {
        Topology t = load(SERVERS + """
                table_info:
                  - {table_name: u, split_type: 0, table_count: 3, hint_field: uid}
                  - {table_name: one, split_type: 0, table_count: 0}
                split_table_info:
                  - {table_name: u, table_number: 0, server_id: 1, database_name: x}
                  - {table_name: u, table_number: 1, server_id: 2, database_name: y}
                  - {table_name: u, table_number: 2, server_id: 1, database_name: x}
                  - {table_name: one, table_number: 0, server_id: 2, database_name: solo}
                """);
        assertEquals(new Shard(2, "y", "u_1"), t.table("", "u").locate(7));
        assertEquals(new Shard(2, "solo", "one"), t.table("", "one").locate(123));
        assertEquals(1, t.defaultServerId());
        assertEquals(2, t.readGroup(1).size(), "master 1 and its replica 3");
    }

    @Test
    void tablelessStatementsOfAClusterGoToOneOfItsOwnServers() throws Exception {
        Topology t = load(SERVERS + """
                table_info:
                  - {table_name: a, cluster: east, split_type: 0, table_count: 1}
                  - {table_name: b, cluster: west, split_type: 0, table_count: 1}
                split_table_info:
                  - {table_name: a, cluster: east, table_number: 0, server_id: 1, database_name: e}
                  - {table_name: b, cluster: west, table_number: 0, server_id: 2, database_name: w}
                """);
        assertEquals(1, t.defaultServerId("east"));
        assertEquals(2, t.defaultServerId("west"), "west's account may exist on server 2 only");
        assertEquals(1, t.defaultServerId("nowhere"), "a cluster without tables falls back to the lowest master");
        Route route = new Planner(t, "west", "shardline", new SqlCache(10), 10).bind("SELECT 1").route(ParamSource.NONE, null);
        assertEquals(2, route.serverId());
    }

    @Test
    void reportsEveryProblemOfABrokenSnapshot() throws Exception {
        String p = problems("""
                server_info:
                  - {server_id: 1, host: a}
                  - {server_id: 5, master_sid: 9, host: e}
                  - {server_id: 6, master_sid: 1, host: f}
                table_info:
                  - {table_name: h, split_type: 0, table_count: 4, hint_field: id}
                  - {table_name: r, split_type: 1, database_category: gap, secondary_split: 1, secondary_split_span: 0}
                  - {table_name: q, split_type: 1, database_category: half}
                  - {table_name: w, split_type: 2}
                split_table_info:
                  - {table_name: h, table_number: 0, server_id: 1, database_name: d}
                  - {table_name: h, table_number: 1, server_id: 6, database_name: d}
                split_range_info:
                  - {database_category: gap, split_index: 0, database_name: g0, server_id: 1}
                  - {database_category: gap, split_index: 2, database_name: g2, server_id: 1}
                  - {database_category: half, split_index: 0, index_type: 1, database_name: h0, server_id: 1}
                  - {database_category: half, split_index: 1, index_type: 3, database_name: h1, server_id: 1}
                """);
        assertTrue(p.contains("replica server 5 names master 9"), p);
        assertTrue(p.contains("names server 6, a replica"), p);
        assertTrue(p.contains("no split_table_info row for table number(s) [2, 3]"), p);
        assertTrue(p.contains("has no slot 1"), p);
        assertTrue(p.contains("secondary_split_span is 0"), p);
        assertTrue(p.contains("has only its odd database"), p);
        assertTrue(p.contains("index_type 3"), p);
        assertTrue(p.contains("split_type 2"), p);
    }

    @Test
    void refusesStringHintsOnRangeTablesAndUnknownKinds() throws Exception {
        String p = problems(SERVERS + """
                table_info:
                  - {table_name: b, split_type: 0, table_count: 1}
                  - {table_name: r, split_type: 1, database_category: c}
                  - {table_name: s, split_type: 0}
                table_option:
                  - {table_name: b, table_kind: mirrored}
                  - {table_name: r, hint_type: string}
                  - {table_name: s, table_kind: single, single_server_id: 3, single_database_name: x}
                split_range_info:
                  - {database_category: c, split_index: 0, database_name: c0, server_id: 1}
                """);
        assertTrue(p.contains("table_kind 'mirrored' (sharded, broadcast or single)"), p);
        assertTrue(p.contains("hint_type 'string' is for hash tables"), p);
        assertTrue(p.contains("names server 3, a replica"), p);
    }

    @Test
    void broadcastTablesHaveACopyInEveryShardDatabaseOfTheirCluster() throws Exception {
        Topology t = load(SERVERS + """
                table_info:
                  - {table_name: h, split_type: 0, table_count: 2, hint_field: id}
                  - {table_name: r, split_type: 1, database_category: c, hint_field: id}
                  - {table_name: b, split_type: 0}
                  - {table_name: s, split_type: 0}
                table_option:
                  - {table_name: b, table_kind: broadcast}
                  - {table_name: s, table_kind: single, single_server_id: 2, single_database_name: lone}
                split_table_info:
                  - {table_name: h, table_number: 0, server_id: 2, database_name: h0}
                  - {table_name: h, table_number: 1, server_id: 1, database_name: h1}
                split_range_info:
                  - {database_category: c, split_index: 0, database_name: c0, server_id: 1}
                  - {database_category: c, split_index: 1, index_type: 1, database_name: c1o, server_id: 2}
                  - {database_category: c, split_index: 1, index_type: 2, database_name: c1e, server_id: 1}
                """);
        LogicalTable b = t.table("", "b");
        assertTrue(b.isBroadcast());
        assertEquals(java.util.List.of(new Shard(1, "c0", "b"), new Shard(1, "c1e", "b"), new Shard(1, "h1", "b"),
                new Shard(2, "c1o", "b"), new Shard(2, "h0", "b")), b.copies());
        assertEquals(new Shard(1, "c0", "b"), b.locate(12345), "any hint reads the first copy");
        LogicalTable s = t.table("", "s");
        assertTrue(s.isSingle());
        assertEquals(java.util.List.of(new Shard(2, "lone", "s")), s.copies());
        assertFalse(b.bindsWith(t.table("", "h")));
        String empty = problems(SERVERS + """
                table_info:
                  - {table_name: b, split_type: 0}
                table_option:
                  - {table_name: b, table_kind: broadcast}
                """);
        assertTrue(empty.contains("names no shard databases"), empty);
    }

    @Test
    void readWeightsMustSumToOneHundredPerMasterGroup() throws Exception {
        String p = problems(SERVERS + """
                server_option:
                  - {server_id: 1, read_weight: 30}
                  - {server_id: 3, read_weight: 30}
                table_info: []
                """);
        assertTrue(p.contains("must sum to 100, sum to 60"), p);
        Topology ok = load(SERVERS + """
                server_option:
                  - {server_id: 1, read_weight: 20}
                  - {server_id: 3, read_weight: 80}
                """);
        assertEquals(80, ok.server(3).readWeight());
        assertEquals(1, ok.server(2).readWeight(), "a group without weights reads evenly");
    }

    @Test
    void yamlRejectsUnknownColumnsAndSections() {
        IOException column = assertThrows(IOException.class, () -> load("server_info: [{server_id: 1, hots: a}]"));
        assertTrue(column.getMessage().contains("unknown column 'hots'"), column.getMessage());
        IOException section = assertThrows(IOException.class, () -> load("servers: []"));
        assertTrue(section.getMessage().contains("unknown section 'servers'"), section.getMessage());
    }

    @Test
    void passwordsNeverPrint() throws Exception {
        Topology t = load(SERVERS);
        assertFalse(t.server(1).toString().contains("p,"), t.server(1).toString());
        assertTrue(t.server(1).toString().contains("******"));
        assertEquals("p", t.server(1).password().reveal());
    }
}
