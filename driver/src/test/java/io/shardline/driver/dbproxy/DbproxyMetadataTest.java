package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.driver.testing.MariaDb;
import io.shardline.router.dbproxy.CategoryInfo;
import io.shardline.router.dbproxy.HintPair;
import io.shardline.router.dbproxy.HintPairs;
import io.shardline.router.dbproxy.SplitInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * splitInfo, categoryInfo, reformHintIds and allSplitHintIds with the spec's example answers; the cluster argument;
 * and a store with no metadata yet, which answers 100503 after the checks DBProxy makes first, then loads.
 */
class DbproxyMetadataTest extends DbproxyEstate {

    @Test
    void splitAndCategoryInfoDescribeTheWorkedExample() throws SQLException {
        assertEquals(new SplitInfo.Range(200000, 3, "ud", "id", true, 50000), api.splitInfo("msg"));
        assertEquals(new SplitInfo.Hash(10, "uid"), api.splitInfo("user"));
        assertEquals(new CategoryInfo(3, 1, List.of(1)), api.categoryInfo("ud"));
        assertEquals(100404, code(() -> api.splitInfo("nosuch")));
        assertEquals(100404, code(() -> api.categoryInfo("nosuch")));
        assertEquals(100422, code(() -> api.splitInfo(null)));
    }

    @Test
    void reformHintIdsAnswersTheDesignVector() throws SQLException {
        HintPairs<Long> reformed = api.reformHintIds("msg", List.of(123456L, 200013L, 250000L, 250002L, 600000L));
        assertEquals(List.of(new HintPair<>(100000L, List.of(123456L)), new HintPair<>(200001L, List.of(200013L)),
                new HintPair<>(250000L, List.of(250000L, 250002L))), reformed.hintPairs());
        assertEquals(List.of(600000L), reformed.invalidIds());
        assertEquals(new HintPairs<Long>(List.of(), List.of()), api.reformHintIds("nosuch", List.of()),
                "an empty list is answered before the table is looked up, as DBProxy does");
        assertEquals(100404, code(() -> api.reformHintIds("nosuch", List.of(1L))));
        assertEquals(100422, code(() -> api.reformHintIds("msg", null)));
    }

    @Test
    void allSplitHintIdsReachEveryPhysicalTableOnce() throws SQLException {
        List<Long> ids = api.allSplitHintIds("msg");
        assertEquals(16, ids.size());
        for (long id : ids) {
            api.query(id, "msg", "INSERT INTO msg (id) VALUES (" + id + ")", null, false);
        }
        for (String db : List.of("ud_0", "ud_1_odd", "ud_1_even", "ud_2")) {
            for (int n = 0; n < 4; n++) {
                int server = db.equals("ud_0") || db.equals("ud_1_odd") ? 1 : 2;
                assertEquals(1, fixture.count(server, db, "msg" + n), db + ".msg" + n);
            }
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), api.allSplitHintIds("user"));
    }

    /** Metadata in DBProxy's cluster layout: msg in cluster '', user in cluster 'game', both on the fixture's databases. */
    private Path clusterStore() throws SQLException {
        Path file = Path.of("target", "meta", "cl" + ThreadLocalRandom.current().nextInt(1 << 30)).toAbsolutePath();
        try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + file))) {
            ConfigSchema.create(c, true);
            ConfigWriter w = writeServersAndMsg(new ConfigWriter(c, true), "");
            w.hashTable("game", "user", 10, "uid");
            for (int n = 0; n < 10; n++) {
                w.placement("game", "user", n, n < 5 ? 1 : 2, fixture.db(n < 5 ? "u_0" : "u_1"));
            }
            ConfigSchema.touch(c);
        }
        return file;
    }

    private ConfigWriter writeServersAndMsg(ConfigWriter w, String cluster) throws SQLException {
        w.server(1, 0, "127.0.0.1", 3306, "root", "").server(2, 0, "127.0.0.1", MariaDb.second().port(), "root", "");
        w.rangeTable(cluster, "msg", 200_000, "ud", 50_000, "id");
        w.rangeSlot(cluster, "ud", 0, 0, 1, fixture.db("ud_0"));
        w.rangeSlot(cluster, "ud", 1, 1, 1, fixture.db("ud_1_odd"));
        w.rangeSlot(cluster, "ud", 1, 2, 2, fixture.db("ud_1_even"));
        return w.rangeSlot(cluster, "ud", 2, 0, 2, fixture.db("ud_2"));
    }

    private static void drop(Path store) throws SQLException {
        try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + store));
             Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS DELETE FILES");
        }
    }

    @Test
    void theClusterArgumentChoosesTheBusinessGroup() throws SQLException {
        Path store = clusterStore();
        String url = "jdbc:shardline:h2:" + store + "?checkInterval=0";
        try (Shardline byDefault = Shardline.open(url); Shardline game = Shardline.open(url + "&cluster=game")) {
            assertEquals(100404, code(() -> byDefault.splitInfo("user")), "cluster '' has no user table");
            assertEquals(new SplitInfo.Hash(10, "uid"), byDefault.splitInfo("user", "game"));
            assertEquals(new SplitInfo.Hash(10, "uid"), game.splitInfo("user"), "the URL's cluster is the default");
            assertEquals(new CategoryInfo(3, 1, List.of(1)), game.categoryInfo("ud", ""));
            assertEquals(100404, code(() -> game.categoryInfo("ud")));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), byDefault.allSplitHintIds("user", "game"));
            assertEquals(List.of(new HintPair<>(3L, List.of(3L, 13L))),
                    byDefault.reformHintIds("user", "game", List.of(13L, 3L)).hintPairs());

            byDefault.query(3, "user", "game", "INSERT INTO user (uid, name) VALUES (3, '?')", List.of("g"), false);
            byDefault.transaction(List.of(13L), List.of("user"), "game", List.of("INSERT INTO user (uid, name) VALUES (13, 'h')"));
            assertEquals(List.of("3", "13"), physical(1, "u_0", "user_3", "uid"));
            assertEquals(List.of("g", "h"), byDefault.iQuery(List.of(3L, 13L), "user", "game",
                    "SELECT name FROM user ORDER BY uid", null, false).asRows().rows().stream().map(r -> r.get(0)).toList());
            assertEquals(100404, code(() -> byDefault.query(3, "user", "", "SELECT * FROM user", null, false)));
            assertEquals(100404, code(() -> byDefault.query(3, "msg", "nope", "SELECT * FROM msg", null, false)));
        } finally {
            drop(store);
        }
    }

    @Test
    void beforeTheFirstLoadCallsAnswer100503AfterDbproxysEarlierChecks() throws SQLException {
        Path store = Path.of("target", "meta", "empty" + ThreadLocalRandom.current().nextInt(1 << 30)).toAbsolutePath();
        // a store that is not new (a new H2 file would create DBProxy's tables) and cannot be loaded yet
        try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + store))) {
            c.createStatement().execute("CREATE TABLE placeholder (id INT)");
        }
        try (Shardline api = Shardline.open("jdbc:shardline:h2:" + store + "?checkInterval=0")) {
            String insert = "INSERT INTO msg (id, content) VALUES (123456, '?')";
            assertEquals(100503, code(() -> api.query(123456, "msg", insert, List.of("x"), false)));
            assertEquals(100422, code(() -> api.query(-1, "msg", insert, List.of("x"), false)), "a negative hintId first");
            assertEquals(100422, code(() -> api.query(1, "msg", insert, List.of("x", "y"), false)), "then the params");
            assertEquals(100403, code(() -> api.query(1, "msg", "DROP TABLE msg", null, false)), "then the statement");
            assertEquals(100403, code(() -> api.iQuery(List.of(1L, 2L), "msg", "DELETE FROM msg", null, false)));
            assertEquals(100403, code(() -> api.transaction(List.of(1L), List.of("msg"), List.of("BEGIN"))));
            assertEquals(100503, code(() -> api.transaction(List.of(1L), List.of("msg"), List.of(insert.replace("?", "x")))));
            assertEquals(100503, code(() -> api.splitInfo("msg")));
            assertEquals(100503, code(api::refresh));
            assertEquals(new HintPairs<Long>(List.of(), List.of()), api.reformHintIds("msg", List.of()));

            try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + store))) {
                ConfigSchema.create(c, false);
                writeServersAndMsg(new ConfigWriter(c, false), "");
                ConfigSchema.touch(c);
            }
            api.query(123456, "msg", insert, List.of("loaded"), false);
            assertEquals(List.of("loaded"), physical(1, "ud_0", "msg2", "content"), "the next call loads the metadata");
        } finally {
            drop(store);
        }
    }
}
