package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.dbproxy.Answer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** query, iQuery and sQuery against MariaDB shards on two servers: the spec's examples and answer shapes. */
class DbproxyQueryTest extends DbproxyEstate {

    private static List<String> column(Answer<?> answer, int index) {
        List<String> out = new ArrayList<>();
        for (List<String> row : answer.asRows().rows()) {
            out.add(row.get(index));
        }
        return out;
    }

    @Test
    void queryWritesAndReadsOneShardInTheSpecShapes() throws SQLException {
        Answer<Long> written = api.query(123456, "msg", "INSERT INTO msg (id, content) VALUES (123456, 'a')", null, false);
        assertEquals(new Answer.Written<Long>(1, 0), written);
        assertEquals(List.of("affectedRows", "insertId"), List.copyOf(written.toMap().keySet()));
        assertEquals(List.of("123456"), physical(1, "ud_0", "msg2", "id"), "the worked example: 123456 -> ud_0.msg2");

        api.query(200013, "msg", "INSERT INTO msg (id, content, created) VALUES (?, '?', '?')",
                List.of("200013", "b", "2024-01-02 03:04:05"), false);
        assertEquals(List.of("200013"), physical(1, "ud_1_odd", "msg0", "id"), "200013 -> ud_1_odd.msg0");
        api.query(250000, "msg", "INSERT INTO msg (id, content, created) VALUES (250000, '', NULL)", null, false);
        assertEquals(List.of("250000"), physical(2, "ud_1_even", "msg1", "id"), "250000 -> ud_1_even.msg1 on server 2");

        Answer<Long> read = api.query(200013, "SELECT id, content, created FROM msg WHERE id = 200013");
        assertEquals(new Answer.Rows<Long>(List.of("id", "content", "created"),
                List.of(List.of("200013", "b", "2024-01-02 03:04:05")), List.of(), List.of()), read);
        assertEquals(List.of("fields", "rows"), List.copyOf(read.toMap().keySet()), "no failedIds/invalidIds when empty");

        List<String> emptyAndNull = api.query(250000, "SELECT content, created FROM msg WHERE id = 250000").asRows().rows().get(0);
        assertEquals("", emptyAndNull.get(0), "the empty string stays empty");
        assertNull(emptyAndNull.get(1), "SQL NULL stays null, unlike DBProxy's empty string");

        assertEquals(new Answer.Written<Long>(1, 0),
                api.query(250000, "msg", "UPDATE msg SET content = '?' WHERE id = 250000", List.of("c"), true));
        assertEquals(List.of("c"), column(api.query(250000, "msg", "SELECT content FROM msg", null, true), 0),
                "the hint routes a statement without a key (ud_1_even.msg1), master read");
    }

    @Test
    void insertIdIsTheFirstGeneratedKeyAsMysqlReportsIt() throws SQLException {
        Answer.Written<Long> first = api.query(7, "orders", "INSERT INTO orders (uid, item) VALUES (7, 'x')", null, false).asWritten();
        Answer.Written<Long> second = api.query(7, "orders", "INSERT INTO orders (uid, item) VALUES (7, 'y'), (7, 'z')", null, false).asWritten();
        assertEquals(1, first.affectedRows());
        assertTrue(first.insertId() > 0);
        assertEquals(2, second.affectedRows());
        assertEquals(first.insertId() + 1, second.insertId(), "a multi-row insert reports its first id");
        assertEquals(List.of(Long.toString(first.insertId()), Long.toString(second.insertId()), Long.toString(second.insertId() + 1)),
                physical(2, "u_1", "orders_1", "id"), "uid 7 -> orders_1 on server 2");
        assertEquals(new Answer.Written<Long>(3, 0), api.query(7, "orders", "UPDATE orders SET item = 'w' WHERE uid = 7", null, false));
    }

    @Test
    void describeAndExplainAnswerRows() throws SQLException {
        Answer.Rows<Long> desc = api.query(0, "msg", "DESC msg", null, false).asRows();
        assertEquals("Field", desc.fields().get(0));
        assertEquals(List.of("id", "content", "created"), column(desc, 0));
        Answer.Rows<Long> explain = api.query(123456, "EXPLAIN SELECT * FROM msg WHERE id = 123456").asRows();
        assertTrue(explain.fields().contains("table"), explain.fields().toString());
    }

    @Test
    void binaryCellsCarryTheirBytesOneCharEach() throws SQLException {
        insertMsg(1, "x");
        String cell = api.query(1, "msg", "SELECT UNHEX('00FF7F80E4B8AD') AS b FROM msg WHERE id = 1", null, false)
                .asRows().rows().get(0).get(0);
        assertArrayEquals(new byte[] {0x00, (byte) 0xFF, 0x7F, (byte) 0x80, (byte) 0xE4, (byte) 0xB8, (byte) 0xAD},
                cell.getBytes(StandardCharsets.ISO_8859_1), "no byte lost to a character set");
    }

    @Test
    void iQueryAnswersTheDesignVectorInEquivalentIdOrder() throws SQLException {
        for (long id : new long[] {123456, 100001, 200013, 250000, 250002, 250001}) {
            insertMsg(id, "m" + id);
        }
        List<Long> ids = List.of(250002L, 123456L, 200013L, 250000L, 600000L);
        String sql = "SELECT id, content FROM msg WHERE id IN (123456, 200013, 250000, 250002) ORDER BY id DESC";
        Answer.Rows<Long> rows = api.iQuery(ids, "msg", sql, null, false).asRows();
        // shards 100000, 200001, 250000 in turn; each sorted by its own ORDER BY, not merged
        assertEquals(List.of("123456", "200013", "250002", "250000"), column(rows, 0));
        assertEquals(List.of("id", "content"), rows.fields());
        assertEquals(List.of(), rows.failedIds());
        assertEquals(List.of(600000L), rows.invalidIds(), "the caller's own id, as given");
        assertEquals(List.of("fields", "rows", "invalidIds"), List.copyOf(rows.toMap().keySet()));

        Answer.Rows<Long> every = api.iQuery(List.of(), "SELECT id FROM msg").asRows();
        assertEquals(List.of("100001", "123456", "200013", "250000", "250002", "250001"), column(every, 0),
                "no hintIds: all 16 shards, ascending equivalent id (250001 lives in the odd shard 250001)");
        assertEquals(List.of("fields", "rows"), List.copyOf(every.toMap().keySet()));
    }

    @Test
    void iQueryWithOneHintIdIsQuery() throws SQLException {
        Answer<Long> written = api.iQuery(List.of(123456L), "msg", "INSERT INTO msg (id, content) VALUES (123456, 'one')", null, false);
        assertEquals(new Answer.Written<Long>(1, 0), written, "one hintId: a query, writes allowed");
        assertEquals(List.of("one"), physical(1, "ud_0", "msg2", "content"));
        assertEquals(100404, code(() -> api.iQuery(List.of(600000L), "msg", "SELECT * FROM msg", null, false)),
                "one unreachable id: query's 100404");
    }

    @Test
    void multiShardWritesNeedTheManagerSwitchAndAnswerResults() throws SQLException {
        insertMsg(123456, "a");
        insertMsg(250000, "b");
        insertMsg(250002, "c");
        String update = "UPDATE msg SET content = 'u' WHERE id IN (123456, 250000, 250002)";
        assertEquals(100403, code(() -> api.iQuery(List.of(123456L, 250000L), "msg", update, null, false)));
        assertEquals(100403, code(() -> api.iQuery(List.of(), "DESC msg")));
        assertEquals(List.of("a"), physical(1, "ud_0", "msg2", "content"), "refused before anything ran");

        Answer.Results<Long> results = api.allowingMultiShardWrites()
                .iQuery(List.of(250002L, 123456L, 250000L, 600000L), "msg", update, null, false).asResults();
        assertEquals(List.of(new Answer.Result(100000, 1, 0), new Answer.Result(250000, 2, 0)), results.results());
        assertEquals(Map.of("results", List.of(List.of(100000L, 1L, 0L), List.of(250000L, 2L, 0L)), "invalidIds", List.of(600000L)),
                results.toMap());
        assertEquals(List.of("u", "u"), physical(2, "ud_1_even", "msg1", "content"));
    }

    @Test
    void sQueryHashesStringHintsWithLookup3() throws SQLException {
        // "abc" -> 1, "hello" -> 2, "user_1001" -> 2, "" -> 3 (DESIGN.md's lookup3 vectors, modulo 4)
        for (String name : List.of("abc", "hello", "user_1001", "")) {
            Answer<String> w = api.sQuery(List.of(name), "account", "INSERT INTO account (name, note) VALUES ('?', '?')",
                    List.of(name, "n"), false);
            assertEquals(1, w.asWritten().affectedRows());
        }
        assertEquals(List.of("abc"), physical(1, "a_0", "account_1", "name"));
        assertEquals(List.of("hello", "user_1001"), physical(2, "a_1", "account_2", "name"));
        assertEquals(List.of(""), physical(2, "a_1", "account_3", "name"));

        Answer.Rows<String> rows = api.sQuery(List.of("user_1001", "abc", "hello"), "account",
                "SELECT name FROM account WHERE name IN ('abc', 'hello', 'user_1001') ORDER BY name", null, false).asRows();
        assertEquals(List.of("abc", "hello", "user_1001"), column(rows, 0));
        assertEquals(List.of("abc", "hello", "user_1001", ""), column(api.sQuery(List.of(), "SELECT name FROM account ORDER BY name"), 0),
                "no hintIds: every shard (0, 1, 2, 3)");

        assertEquals(100403, code(() -> api.sQuery(List.of("a", "b"), "msg", "SELECT * FROM msg", null, false)),
                "string hints on a range table");
        assertEquals(100403, code(() -> api.sQuery(List.of("a"), "SELECT * FROM msg")));
    }

    @Test
    void badCallsAreRefusedWithTheSpecsCodesAndWriteNothing() throws SQLException {
        assertEquals(100422, code(() -> api.query(-5, "msg", "INSERT INTO msg (id) VALUES (1)", null, false)));
        assertEquals(100422, code(() -> api.iQuery(List.of(1L, -2L), "SELECT * FROM msg")));
        assertEquals(100422, code(() -> api.iQuery(null, "SELECT * FROM msg")), "hintIds may be empty, never missing");
        assertEquals(100422, code(() -> api.sQuery(Arrays.asList("a", null), "SELECT * FROM account")));
        assertEquals(100422, code(() -> api.query(1, "msg", "INSERT INTO msg (id, content) VALUES (?, '?')", List.of("1"), false)));
        assertEquals(100422, code(() -> api.query(1, "SELECT * FROM msg WHERE id = ?")), "? left without params");
        assertEquals(100403, code(() -> api.query(1, "msg", "DROP TABLE msg", null, false)), "not one of the 8 statements");
        assertEquals(100403, code(() -> api.query(1, "msg", "SELECT 1; DELETE FROM msg", null, false)));
        assertEquals(100404, code(() -> api.query(1, "nosuch", "SELECT * FROM msg", null, false)));
        assertEquals(100404, code(() -> api.query(1, "SELECT * FROM nosuch")));
        assertEquals(100404, code(() -> api.query(600000, "msg", "INSERT INTO msg (id) VALUES (600000)", null, false)));
        assertEquals(100404, code(() -> api.iQuery(List.of(600000L, 700000L), "msg", "SELECT * FROM msg", null, false)),
                "no id reaches a shard");
        assertEquals(100502, code(() -> api.query(1, "msg", "SELECT nosuch FROM msg", null, false)));
        assertEquals(100422, code(() -> api.query(1, null)), "sql is required");
        assertEquals(0, msgRowsEverywhere());
    }

    @Test
    void aConnectionAndADataSourceHandOutTheApi() throws SQLException {
        insertMsg(5, "via data source");
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.isWrapperFor(Shardline.class));
            assertEquals(List.of("via data source"), column(c.unwrap(Shardline.class).query(5, "SELECT content FROM msg"), 0));
        }
        try (Shardline own = Shardline.open(fixture.url())) {
            assertEquals(List.of("via data source"), column(own.query(5, "SELECT content FROM msg WHERE id = 5"), 0));
        }
        assertEquals(List.of("via data source"), column(api.query(5, "SELECT content FROM msg WHERE id = 5"), 0),
                "closing an API opened from a URL leaves the data source's runtime alone");
    }
}
