package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDb;
import io.shardline.driver.testing.MariaDbServer;
import io.shardline.router.dbproxy.Answer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server killed under a multi-shard call: its shards' ids go to failedIds while the others answer; a call whose
 * every shard is on it fails with 100500; after a restart everything answers again.
 */
class DbproxyShardFailureTest {
    private static List<String> ids(Answer.Rows<Long> rows) {
        return rows.rows().stream().map(r -> r.get(0)).toList();
    }

    @Test
    void aDeadServersShardsGoToFailedIdsAndTheRestAnswer() throws SQLException {
        String p = "df" + System.nanoTime() % 100000 + "_";
        String meta = "jdbc:h2:mem:" + p + "meta;MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE;DB_CLOSE_DELAY=-1";
        try (MariaDbServer doomed = MariaDbServer.start("dbproxy-doomed")) {
            for (Connection c : new Connection[] {MariaDb.primary(), doomed.connect()}) {
                try (c; Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + p + "d");
                    for (int n = 0; n < 4; n++) {
                        s.execute("CREATE TABLE " + p + "d.t_" + n + " (id BIGINT PRIMARY KEY)");
                    }
                }
            }
            try (Connection c = DriverManager.getConnection(meta)) {
                ConfigSchema.create(c, false);
                ConfigWriter w = new ConfigWriter(c, false)
                        .server(1, 0, "127.0.0.1", 3306, "root", "")
                        .server(2, 0, "127.0.0.1", doomed.port(), "root", "")
                        .hashTable("", "t", 4, "id");
                for (int n = 0; n < 4; n++) {
                    w.placement("", "t", n, n < 2 ? 1 : 2, p + "d");
                }
            }
            try (ShardlineDataSource ds = new ShardlineDataSource("jdbc:shardline:h2:mem:" + p + "meta?checkInterval=0&connectTimeout=1000")) {
                Shardline api = ds.unwrap(Shardline.class);
                for (long id = 0; id < 8; id++) {
                    api.query(id, "t", "INSERT INTO t (id) VALUES (" + id + ")", null, false);
                }
                String select = "SELECT id FROM t ORDER BY id";
                doomed.kill();

                Answer.Rows<Long> some = api.iQuery(List.of(7L, 1L, 2L, 5L, 6L), "t", select, null, false).asRows();
                assertEquals(List.of("1", "5"), ids(some), "shard 1 on the live server answers");
                assertEquals(List.of(2L, 6L, 7L), some.failedIds(), "the caller's ids on shards 2 and 3");
                assertEquals(List.of("fields", "rows", "failedIds"), List.copyOf(some.toMap().keySet()));

                Answer.Rows<Long> every = api.iQuery(List.of(), select).asRows();
                assertEquals(List.of("0", "4", "1", "5"), ids(every));
                assertEquals(List.of(2L, 3L), every.failedIds(), "without hintIds: the failed shards' equivalent ids");

                assertEquals(100500, assertThrows(SQLException.class, () -> api.iQuery(List.of(2L, 3L), "t", select, null, false))
                        .getErrorCode(), "every shard failed");
                assertEquals(100500, assertThrows(SQLException.class, () -> api.query(2, select)).getErrorCode());
                TransactionException tx = assertThrows(TransactionException.class, () -> api.transaction(List.of(2L),
                        List.of("t"), List.of("DELETE FROM t WHERE id = 2")));
                assertEquals(100500, tx.getErrorCode());
                assertEquals(0, tx.index());

                doomed.restart();
                // the pool of server 2 reconnects in the background (Hikari's backoff): allow it a few seconds
                Answer.Rows<Long> again = api.iQuery(List.of(7L, 1L, 2L, 5L, 6L), "t", select, null, false).asRows();
                for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                     !again.failedIds().isEmpty() && System.nanoTime() < deadline; ) {
                    again = api.iQuery(List.of(7L, 1L, 2L, 5L, 6L), "t", select, null, false).asRows();
                }
                assertEquals(List.of("1", "5", "2", "6", "3", "7"), ids(again),
                        "shards 1, 2, 3 in turn, each with all its rows (the SQL has no WHERE)");
                assertEquals(List.of(), again.failedIds());
                assertEquals(0, ds.runtime().pools().activeConnections());
            } finally {
                try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + p + "d");
                }
            }
        }
    }
}
