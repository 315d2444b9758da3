package io.shardline.router.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Topology;
import io.shardline.router.meta.TopologyAssembler;
import io.shardline.router.meta.YamlSplitConfig;
import java.io.StringReader;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shard ordinals agree with single-shard routing, and a range covers exactly the shards of the ids inside it. */
class ShardSpaceTest {
    private static final String YAML = """
            server_info:
              - {server_id: 1, host: a}
              - {server_id: 2, host: b}
            table_info:
              # span 20, secondary tables of 6 ids (the last one short), slot 1 split odd/even
              - {table_name: m, split_type: 1, range_span: 20, database_category: c, secondary_split: 1, secondary_split_span: 6, hint_field: id}
              - {table_name: f, split_type: 1, range_span: 20, database_category: c, hint_field: id}
              - {table_name: h, split_type: 0, table_count: 3, hint_field: id}
            split_table_info:
              - {table_name: h, table_number: 0, server_id: 1, database_name: h0}
              - {table_name: h, table_number: 1, server_id: 2, database_name: h1}
              - {table_name: h, table_number: 2, server_id: 2, database_name: h1}
            split_range_info:
              - {database_category: c, split_index: 0, database_name: c0, server_id: 1}
              - {database_category: c, split_index: 1, index_type: 1, database_name: c1o, server_id: 1}
              - {database_category: c, split_index: 1, index_type: 2, database_name: c1e, server_id: 2}
              - {database_category: c, split_index: 2, database_name: c2, server_id: 2}
            """;

    private static Topology topology() throws Exception {
        return TopologyAssembler.assemble(YamlSplitConfig.parse(new StringReader(YAML), 1));
    }

    @Test
    void ordinalsAgreeWithLocateAndCoversWithBruteForce() throws Exception {
        Topology t = topology();
        for (String name : new String[] {"m", "f", "h"}) {
            LogicalTable table = t.table("", name);
            ShardSpace space = table.space();
            BitSet all = new BitSet();
            for (long id = 0; id < 60; id++) {
                int o = space.ordinalOf(id);
                assertEquals(table.locate(id), space.shard(o), name + " id " + id);
                assertEquals(o, space.ordinalOf(space.representative(o)), name + " representative of " + o);
                all.set(o);
            }
            assertEquals(all, space.all(), name + ": every shard");
            Random random = new Random(7);
            for (int i = 0; i < 500; i++) {
                long lo = random.nextInt(80) - 10;
                long hi = lo + random.nextInt(40);
                BitSet expected = new BitSet();
                for (long id = Math.max(0, lo); id <= Math.min(hi, 59); id++) {
                    expected.set(space.ordinalOf(id));
                }
                BitSet cover = space.cover(lo, hi);
                if (table.splitByRange()) {
                    assertEquals(expected, cover, name + " [" + lo + ", " + hi + "]");
                } else {
                    assertEquals(space.all(), cover, "a range does not narrow a hash table");
                }
            }
        }
        assertEquals(100404, assertThrows(ShardlineException.class, () -> t.table("", "m").space().ordinalOf(60))
                .getErrorCode());
    }
}
