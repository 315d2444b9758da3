package io.shardline.router.sql;

/**
 * The statement types Shardline runs: DBProxy's eight (SELECT, INSERT, REPLACE, UPDATE, DELETE, DESC/DESCRIBE,
 * EXPLAIN) and DDL on one logical table (CREATE/ALTER/DROP/TRUNCATE TABLE, CREATE INDEX), fanned out to every
 * physical table.
 */
public enum StatementKind {
    SELECT(false), INSERT(true), REPLACE(true), UPDATE(true), DELETE(true), DESCRIBE(false), EXPLAIN(false), DDL(true);

    private final boolean write;

    StatementKind(boolean write) {
        this.write = write;
    }

    /** Whether the statement changes data (and so always runs on a master). */
    public boolean isWrite() {
        return write;
    }
}
