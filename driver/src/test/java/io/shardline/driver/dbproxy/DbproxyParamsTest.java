package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import io.shardline.router.sql.ParameterizedSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The '?' rule on a real MariaDB: hostile values through the escaped form are stored and matched exactly, and write
 * nothing else; even a session in NO_BACKSLASH_ESCAPES cannot be made to end the literal early.
 */
class DbproxyParamsTest extends DbproxyEstate {
    /** Each tries to end the literal, comment out the rest, add a statement or exploit a multibyte-unaware escaper. */
    private static final List<String> HOSTILE = List.of("'", "\\'", "\\", "' OR '1'='1", "x'; DELETE FROM msg; -- ",
            "x' UNION SELECT 1, 2 #", "\0", "a\0' OR 1=1 -- ", "*/ OR 1=1 /*", "/*+ shardline(hint=250000) */",
            "縗' OR 1=1 -- ", "\u00bf' OR 1=1 -- ", "\u00bf\\' OR 1=1 -- ", "😀'😀", "\\\\''\\'", "line\nbreak\r\u001a",
            "\"double\" `back`", "?", "'?'", "%_", "");

    @Test
    void hostileValuesAreStoredAndMatchedExactly() throws SQLException {
        for (int i = 0; i < HOSTILE.size(); i++) {
            api.query(i, "msg", "INSERT INTO msg (id, content) VALUES (?, '?')", List.of(Integer.toString(i), HOSTILE.get(i)), false);
        }
        assertEquals(HOSTILE.size(), msgRowsEverywhere(), "one row per call, nothing deleted, nothing else written");
        try (Connection c = fixture.physical(1); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, content FROM " + fixture.db("ud_0") + ".msg0 ORDER BY id")) {
            for (String value : HOSTILE) {
                assertTrue(rs.next());
                assertEquals(value, rs.getString(2), "stored exactly");
            }
            assertFalse(rs.next());
        }
        for (int i = 0; i < HOSTILE.size(); i++) {
            List<List<String>> rows = api.query(i, "msg", "SELECT id, content FROM msg WHERE content = '?' AND id = ?",
                    List.of(HOSTILE.get(i), Integer.toString(i)), false).asRows().rows();
            assertEquals(List.of(List.of(Integer.toString(i), HOSTILE.get(i))), rows, "matched exactly: " + HOSTILE.get(i));
        }
    }

    @Test
    void noBackslashEscapesCannotEndTheLiteralEither() throws SQLException, ShardlineException {
        try (Connection c = fixture.physical(1); Statement s = c.createStatement()) {
            for (String mode : List.of("DEFAULT", "'NO_BACKSLASH_ESCAPES'")) {
                s.execute("SET SESSION sql_mode = " + mode);
                for (String value : HOSTILE) {
                    String sql = ParameterizedSql.substitute("SELECT '?' AS v, 42 AS marker", List.of(value));
                    try (ResultSet rs = s.executeQuery(sql)) {
                        assertEquals(2, rs.getMetaData().getColumnCount(), sql);
                        assertTrue(rs.next());
                        assertEquals(42, rs.getInt(2), sql);
                        if (mode.equals("DEFAULT") || value.indexOf('\\') < 0) {
                            assertEquals(value, rs.getString(1), sql);
                        }
                        assertFalse(rs.next());
                    }
                }
            }
        }
    }

    @Test
    void rawParametersAreSqlByDesign() throws SQLException {
        insertMsg(1, "one");
        insertMsg(2, "two");
        List<List<String>> rows = api.query(0, "msg", "SELECT ? FROM ? WHERE ? ORDER BY ?",
                List.of("content", "msg", "id IN (1, 2)", "1"), false).asRows().rows();
        assertEquals(List.of(List.of("one"), List.of("two")), rows, "a raw param may be a column, a table, a condition");
    }
}
