package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, before parsing and with the reason, statements with effects beyond the rows Shardline routes: files read
 * or written on a server ({@code LOAD DATA}, {@code SELECT ... INTO OUTFILE}, {@code LOAD_FILE()}), server-wide
 * changes (administration, accounts, plugins), and session state that would stay on a pooled physical connection
 * for the next borrower ({@code SET}, {@code USE}, {@code LOCK TABLES}, temporary tables, prepared statements,
 * variables, named locks, transaction statements: transactions go through JDBC). Stateless.
 */
final class StatementRules {
    private static final String SESSION = " would leave session state on a pooled physical connection, where the"
            + " next statement borrowing it finds it";
    private static final String ADMIN = " changes the server as a whole; run administration on the server itself"
            + " (or through ShardlineAdmin), not through a sharded connection";

    /** Statements refused by their first word, with the reason. */
    private static final Map<String, String> FIRST_WORD = Map.ofEntries(
            Map.entry("LOAD", "LOAD DATA and LOAD XML read files on the database server or the client"),
            Map.entry("SET", "SET" + SESSION + " (or changes the server); use the JDBC API (setAutoCommit,"
                    + " setTransactionIsolation) or the URL"),
            Map.entry("USE", "USE" + SESSION + "; Shardline names every physical database itself"),
            Map.entry("LOCK", "LOCK TABLES" + SESSION),
            Map.entry("UNLOCK", "UNLOCK TABLES" + SESSION),
            Map.entry("HANDLER", "HANDLER" + SESSION),
            Map.entry("PREPARE", "server-side prepared statements stay on a pooled physical connection; use a JDBC"
                    + " PreparedStatement"),
            Map.entry("EXECUTE", "server-side prepared statements stay on a pooled physical connection; use a JDBC"
                    + " PreparedStatement"),
            Map.entry("DEALLOCATE", "server-side prepared statements stay on a pooled physical connection; use a JDBC"
                    + " PreparedStatement"),
            Map.entry("BEGIN", "transaction statements bypass Shardline's transaction; use setAutoCommit(false),"
                    + " commit() and rollback()"),
            Map.entry("START", "transaction and replication statements bypass Shardline; use setAutoCommit(false),"
                    + " commit() and rollback()"),
            Map.entry("COMMIT", "transaction statements bypass Shardline's transaction; use commit()"),
            Map.entry("ROLLBACK", "transaction statements bypass Shardline's transaction; use rollback()"),
            Map.entry("SAVEPOINT", "savepoints bypass Shardline's transaction"),
            Map.entry("RELEASE", "savepoints bypass Shardline's transaction"),
            Map.entry("XA", "XA transactions bypass Shardline's transaction"),
            Map.entry("DO", "DO evaluates expressions for their effects on the server, which Shardline cannot see"),
            Map.entry("CALL", "stored procedures run code on the server that Shardline cannot read or route"),
            Map.entry("SIGNAL", "stored-program statements are not routed"),
            Map.entry("RESIGNAL", "stored-program statements are not routed"),
            Map.entry("DECLARE", "stored-program statements are not routed"),
            Map.entry("FLUSH", "FLUSH" + ADMIN),
            Map.entry("KILL", "KILL" + ADMIN),
            Map.entry("SHUTDOWN", "SHUTDOWN" + ADMIN),
            Map.entry("RESET", "RESET" + ADMIN),
            Map.entry("PURGE", "PURGE" + ADMIN),
            Map.entry("CHANGE", "CHANGE MASTER" + ADMIN),
            Map.entry("STOP", "STOP SLAVE/REPLICA" + ADMIN),
            Map.entry("INSTALL", "INSTALL PLUGIN" + ADMIN),
            Map.entry("UNINSTALL", "UNINSTALL PLUGIN" + ADMIN),
            Map.entry("BINLOG", "BINLOG" + ADMIN),
            Map.entry("CACHE", "CACHE INDEX" + ADMIN),
            Map.entry("BACKUP", "BACKUP" + ADMIN),
            Map.entry("GRANT", "GRANT" + ADMIN),
            Map.entry("REVOKE", "REVOKE" + ADMIN),
            Map.entry("RENAME", "RENAME changes names the split metadata holds; rename in the metadata and the physical"
                    + " tables together"),
            Map.entry("ANALYZE", "ANALYZE runs the statement (MariaDB's ANALYZE SELECT/UPDATE) or maintains tables on one"
                    + " server; maintenance is not routed"),
            Map.entry("OPTIMIZE", "table maintenance is not routed; run it on the servers"),
            Map.entry("REPAIR", "table maintenance is not routed; run it on the servers"),
            Map.entry("CHECK", "table maintenance is not routed; run it on the servers"),
            Map.entry("CHECKSUM", "table maintenance is not routed; run it on the servers"),
            Map.entry("SHOW", "SHOW statements describe one physical server, not the logical database"),
            Map.entry("HELP", "HELP is not routed"));

    /** Objects of CREATE/ALTER/DROP that are not one logical table or index. */
    private static final Set<String> OTHER_OBJECTS = Set.of("USER", "ROLE", "DATABASE", "SCHEMA", "SERVER",
            "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT", "VIEW", "SEQUENCE", "TABLESPACE", "LOGFILE", "DEFINER",
            "AGGREGATE", "PACKAGE", "INSTANCE", "RESOURCE", "SPATIAL_REFERENCE_SYSTEM", "UNDO");

    /** Functions with effects beyond the statement, by name, with the reason. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "GET_LOCK", "named locks (GET_LOCK)" + SESSION,
            "RELEASE_LOCK", "named locks (RELEASE_LOCK)" + SESSION,
            "RELEASE_ALL_LOCKS", "named locks (RELEASE_ALL_LOCKS)" + SESSION,
            "LOAD_FILE", "LOAD_FILE reads a file on the database server");

    /** Words that may stand before the INTO of an INSERT or REPLACE. */
    private static final Set<String> INSERTING = Set.of("INSERT", "REPLACE", "IGNORE", "DELAYED", "LOW_PRIORITY",
            "HIGH_PRIORITY");

    private StatementRules() {
    }

    static void check(String sql, List<Token> all) throws ShardlineException {
        List<Token> tokens = new ArrayList<>(all.size());
        for (Token t : all) {
            if (!t.isComment()) {
                tokens.add(t);
            }
        }
        if (tokens.isEmpty()) {
            return;
        }
        String first = word(sql, tokens, 0);
        String reason = first == null ? null : FIRST_WORD.get(first);
        if (reason != null) {
            throw refuse(reason);
        }
        if ("CREATE".equals(first) || "ALTER".equals(first) || "DROP".equals(first)) {
            definition(sql, tokens, first);
        }
        if (("EXPLAIN".equals(first) || "DESCRIBE".equals(first) || "DESC".equals(first))
                && "ANALYZE".equals(word(sql, tokens, 1))) {
            throw refuse("EXPLAIN ANALYZE runs the statement; use EXPLAIN SHARDLINE or plain EXPLAIN");
        }
        boolean query = "SELECT".equals(first) || "WITH".equals(first) || "VALUES".equals(first)
                || "TABLE".equals(first) || tokens.get(0).is(sql, "(");
        for (int i = 0; i < tokens.size(); i++) {
            String w = word(sql, tokens, i);
            if (w == null) {
                continue;
            }
            if (w.equals("INTO")) {
                String next = word(sql, tokens, i + 1);
                if ("OUTFILE".equals(next) || "DUMPFILE".equals(next)) {
                    throw refuse("SELECT ... INTO " + next + " writes a file on the database server");
                }
                if (query && !INSERTING.contains(String.valueOf(word(sql, tokens, i - 1)))) {
                    throw refuse("SELECT ... INTO variables" + SESSION);
                }
            }
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).is(sql, "(");
            if (call && FUNCTIONS.containsKey(w)) {
                throw refuse(FUNCTIONS.get(w));
            }
            if (call && w.equals("LAST_INSERT_ID") && i + 2 < tokens.size() && !tokens.get(i + 2).is(sql, ")")) {
                throw refuse("LAST_INSERT_ID(expr)" + SESSION);
            }
        }
    }

    /** CREATE/ALTER/DROP: one logical table or index, not temporary, without files outside the data directory. */
    private static void definition(String sql, List<Token> tokens, String verb) throws ShardlineException {
        for (int i = 1; i < tokens.size(); i++) {
            String w = word(sql, tokens, i);
            if (w == null) {
                continue;
            }
            if (w.equals("TEMPORARY")) {
                throw refuse("temporary tables" + SESSION);
            }
            if (w.equals("TABLE") || w.equals("INDEX")) {
                break;
            }
            if (OTHER_OBJECTS.contains(w)) {
                throw refuse(verb + " " + w + (w.equals("DATABASE") || w.equals("SCHEMA") || w.equals("USER")
                        || w.equals("ROLE") || w.equals("SERVER") ? ADMIN
                        : " is not routed: Shardline runs DDL on one logical table (CREATE/ALTER/DROP/TRUNCATE TABLE,"
                        + " CREATE INDEX)"));
            }
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            String w = word(sql, tokens, i);
            String next = word(sql, tokens, i + 1);
            if (("DATA".equals(w) || "INDEX".equals(w)) && "DIRECTORY".equals(next)) {
                throw refuse(w + " DIRECTORY puts table files at a path on the database server");
            }
            if (("DISCARD".equals(w) || "IMPORT".equals(w)) && "TABLESPACE".equals(next)) {
                throw refuse(w + " TABLESPACE moves table files on the database server");
            }
        }
    }

    /** The upper-cased word at {@code i}, or null when that token is no word. */
    private static String word(String sql, List<Token> tokens, int i) {
        if (i < 0 || i >= tokens.size() || tokens.get(i).kind() != TokenKind.WORD) {
            return null;
        }
        return tokens.get(i).text(sql).toUpperCase(Locale.ROOT);
    }

    private static ShardlineException refuse(String why) {
        return ShardlineException.notAllowed(why);
    }
}
