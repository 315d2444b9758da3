package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** transaction and sTransaction on MariaDB: one shard database, all or nothing, the failing statement's index. */
class DbproxyTransactionTest extends DbproxyEstate {

    private static TransactionException failure(Executable call) {
        return assertThrows(TransactionException.class, call);
    }

    @Test
    void statementsOnOneShardDatabaseCommitTogether() throws SQLException {
        // 123456 -> ud_0.msg2 and 50000 -> ud_0.msg1: two tables of one database, as DBProxy allows
        api.transaction(List.of(123456L, 50000L, 123456L), List.of("msg", "msg", "msg"), List.of(
                "INSERT INTO msg (id, content) VALUES (123456, 'a')",
                "INSERT INTO msg (id, content) VALUES (50000, 'b')",
                "UPDATE msg SET content = 'a2' WHERE id = 123456"));
        assertEquals(List.of("a2"), physical(1, "ud_0", "msg2", "content"));
        assertEquals(List.of("b"), physical(1, "ud_0", "msg1", "content"));
        api.transaction(List.of(123456L), List.of("msg"), List.of("SELECT * FROM msg WHERE id = 123456 FOR UPDATE"));
    }

    @Test
    void aFailingStatementRollsBackTheWholeTransaction() throws SQLException {
        insertMsg(100001, "existing");
        TransactionException e = failure(() -> api.transaction(List.of(123456L, 100001L), List.of("msg", "msg"), List.of(
                "INSERT INTO msg (id, content) VALUES (123456, 'new')",
                "INSERT INTO msg (id, content) VALUES (100001, 'duplicate key')")));
        assertEquals(100502, e.getErrorCode());
        assertEquals(1, e.index());
        assertTrue(e.getMessage().contains("statement 1") && e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals(List.of("100001"), physical(1, "ud_0", "msg2", "id"), "statement 0's row is rolled back");
    }

    @Test
    void differentTargetsAreRefusedBeforeAnythingRuns() throws SQLException {
        // 123456 -> server 1 ud_0; 200013 -> server 1 ud_1_odd: one server, two databases (DBProxy refuses that too)
        TransactionException sameServer = failure(() -> api.transaction(List.of(123456L, 200013L), List.of("msg", "msg"),
                List.of("INSERT INTO msg (id) VALUES (123456)", "INSERT INTO msg (id) VALUES (200013)")));
        assertEquals(100403, sameServer.getErrorCode());
        assertEquals(1, sameServer.index());
        TransactionException otherServer = failure(() -> api.transaction(List.of(1L, 250000L, 3L), List.of("msg", "msg", "msg"),
                List.of("INSERT INTO msg (id) VALUES (1)", "INSERT INTO msg (id) VALUES (250000)", "INSERT INTO msg (id) VALUES (3)")));
        assertEquals(100403, otherServer.getErrorCode());
        assertEquals(1, otherServer.index());
        assertEquals(0, msgRowsEverywhere(), "nothing ran");
    }

    @Test
    void badTransactionsAreRefusedInDbproxysOrder() throws SQLException {
        List<String> one = List.of("INSERT INTO msg (id) VALUES (1)");
        assertEquals(100422, code(() -> api.transaction(List.of(-1L), List.of("msg"), List.of("BEGIN"))),
                "a negative hintId first");
        assertEquals(100422, code(() -> api.transaction(null, List.of("msg"), one)));
        assertEquals(100403, code(() -> api.transaction(List.of(1L, 2L), List.of("msg"), one)), "lists of different sizes");
        assertEquals(100403, code(() -> api.transaction(List.of(), List.of(), List.of())), "no statement");
        for (String control : List.of("BEGIN", "COMMIT", "ROLLBACK", "START TRANSACTION", "CREATE TABLE x (a INT)")) {
            TransactionException e = failure(() -> api.transaction(List.of(1L, 1L), List.of("msg", "msg"),
                    List.of("INSERT INTO msg (id) VALUES (1)", control)));
            assertEquals(100403, e.getErrorCode(), control);
            assertEquals(1, e.index(), control);
        }
        TransactionException unknown = failure(() -> api.transaction(List.of(1L, 1L), Arrays.asList("msg", "nosuch"),
                List.of("INSERT INTO msg (id) VALUES (1)", "INSERT INTO msg (id) VALUES (2)")));
        assertEquals(100404, unknown.getErrorCode());
        assertEquals(1, unknown.index());
        assertEquals(100404, failure(() -> api.transaction(List.of(600000L), List.of("msg"), List.of("INSERT INTO msg (id) VALUES (600000)")))
                .getErrorCode(), "beyond the last slot");
        assertEquals(0, msgRowsEverywhere());
    }

    @Test
    void sTransactionRoutesStringHintsOnHashTablesOnly() throws SQLException {
        // "hello" and "user_1001" both hash to account_2 in a_1 on server 2
        api.sTransaction(List.of("hello", "user_1001"), List.of("account", ""), List.of(
                "INSERT INTO account (name, note) VALUES ('hello', 'h')",
                "INSERT INTO account (name, note) VALUES ('user_1001', 'u')"));
        assertEquals(List.of("hello", "user_1001"), physical(2, "a_1", "account_2", "name"));
        TransactionException split = failure(() -> api.sTransaction(List.of("hello", "abc"), List.of("account", "account"),
                List.of("DELETE FROM account WHERE name = 'hello'", "DELETE FROM account WHERE name = 'abc'")));
        assertEquals(100403, split.getErrorCode(), "abc lives on another server");
        assertEquals(100403, failure(() -> api.sTransaction(List.of("a"), List.of("msg"), List.of("DELETE FROM msg")))
                .getErrorCode(), "string hints on a range table");
        assertEquals(List.of("hello", "user_1001"), physical(2, "a_1", "account_2", "name"));
    }
}
