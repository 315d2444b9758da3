package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shardline.router.meta.Topology;
import io.shardline.router.meta.TopologyAssembler;
import io.shardline.router.meta.YamlSplitConfig;
import io.shardline.router.sql.SqlCache;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A one-table statement keeps its route to each shard, so that on thousands of tables a point select costs what it
 * costs on sixteen: 1,024 routes per statement, more from its planner's shared room while it lasts, and the room comes
 * back when the statement goes.
 */
class RouteRoomTest {
    private static final int TABLES = 2_048;
    private static final String POINT_SELECT = "SELECT v FROM t WHERE id = ?";

    @Test
    void aStatementKeepsARouteToEveryShardWhileThePlannersRoomLasts() throws Exception {
        Planner planner = new Planner(wide(), "", "shardline", new SqlCache(100), 100, 5_000);
        Route[] first = routeEveryKey(planner, POINT_SELECT);
        assertEquals(TABLES, distinctTexts(first), "every key 0..2047 reaches its own table");
        Route[] again = routeEveryKey(planner, POINT_SELECT);
        for (int id = 0; id < TABLES; id++) {
            assertSame(first[id], again[id], "the route of key " + id + " is made once");
        }
        assertEquals(5_000 - (TABLES - 1_024), planner.routeRoomLeft());
    }

    @Test
    void beyondTheRoomRoutesAreMadePerExecutionAndTheRoomComesBackWithTheStatement() throws Exception {
        Planner planner = new Planner(wide(), "", "shardline", new SqlCache(100), 100, 100);
        BoundStatement statement = planner.bind(POINT_SELECT);
        Route[] first = routeEveryKey(planner, POINT_SELECT);
        Route[] again = routeEveryKey(planner, POINT_SELECT);
        assertEquals(0, planner.routeRoomLeft());
        int kept = 0;
        for (int id = 0; id < TABLES; id++) {
            assertEquals(first[id], again[id], "an uncached route is made again, the same");
            kept += first[id] == again[id] ? 1 : 0;
        }
        assertEquals(1_024 + 100, kept, "its own 1,024 and the room's 100 are kept, the rest made per execution");
        assertNotSame(first[TABLES - 1], again[TABLES - 1]);
        statement.releaseRouteRoom();
        assertEquals(100, planner.routeRoomLeft(), "a statement let go gives its room back");
        routeEveryKey(planner, POINT_SELECT);
        assertEquals(100, planner.routeRoomLeft(), "and takes no more");
        Route[] other = routeEveryKey(planner, "SELECT v, id FROM t WHERE id = ?");
        assertEquals(TABLES, distinctTexts(other));
        assertEquals(0, planner.routeRoomLeft(), "another statement takes the room back");
    }

    @Test
    void aTableWhoseShardsAreMadePerKeyKeepsItsRoutesByValue() throws Exception {
        String yaml = """
                variable_setting:
                  default split range span: 200000
                  secondary split number base: 0
                server_info:
                  - {server_id: 1, host: 10.0.0.1, port: 3306, user: app, passwd: secret1}
                table_info:
                  - {table_name: msg, split_type: 1, range_span: 200000, database_category: ud, secondary_split: 1, secondary_split_span: 50000, hint_field: id}
                split_range_info:
                  - {database_category: ud, split_index: 0, index_type: 0, database_name: ud_0, server_id: 1}
                """;
        Topology topology = TopologyAssembler.assemble(YamlSplitConfig.parse(new StringReader(yaml), 1));
        Planner planner = new Planner(topology, "", "shardline", new SqlCache(10), 10, 10);
        String sql = "SELECT v FROM msg WHERE id = ?";
        Route first = route(planner, sql, 60_000);
        assertEquals("SELECT v FROM `ud_0`.`msg1` WHERE id = ?", first.sql());
        assertSame(first, route(planner, sql, 99_999), "another key of table msg1 finds the route made for the first");
        assertEquals("SELECT v FROM `ud_0`.`msg3` WHERE id = ?", route(planner, sql, 150_000).sql());
    }

    private static Route route(Planner planner, String sql, long key) throws Exception {
        return planner.bind(sql).route(new ParamSource() {
            @Override
            public boolean isBound(int index) {
                return index == 1;
            }

            @Override
            public Object value(int index) {
                return key;
            }
        }, null);
    }

    private static Route[] routeEveryKey(Planner planner, String sql) throws Exception {
        Route[] routes = new Route[TABLES];
        for (int id = 0; id < TABLES; id++) {
            routes[id] = route(planner, sql, id);
        }
        return routes;
    }

    private static int distinctTexts(Route[] routes) {
        Set<String> texts = new HashSet<>();
        for (Route r : routes) {
            texts.add(r.sql());
        }
        return texts.size();
    }

    private static Topology wide() throws Exception {
        StringBuilder placement = new StringBuilder("split_table_info:\n");
        for (int n = 0; n < TABLES; n++) {
            placement.append("  - {table_name: t, table_number: ").append(n).append(", server_id: ").append(1 + n % 2)
                    .append(", database_name: d_").append(n % 2).append("}\n");
        }
        String yaml = """
                server_info:
                  - {server_id: 1, host: 10.0.0.1, port: 3306, user: app, passwd: secret1}
                  - {server_id: 2, host: 10.0.0.2, port: 3306, user: app, passwd: secret2}
                table_info:
                  - {table_name: t, split_type: 0, table_count: %d, hint_field: id}
                """.formatted(TABLES) + placement;
        return TopologyAssembler.assemble(YamlSplitConfig.parse(new StringReader(yaml), 1));
    }
}
