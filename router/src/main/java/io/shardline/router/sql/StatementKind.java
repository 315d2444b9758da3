package io.shardline.router.sql;

/** The eight statement types DBProxy allows: SELECT, INSERT, REPLACE, UPDATE, DELETE, DESC/DESCRIBE, EXPLAIN. */
public enum StatementKind {
    SELECT(false), INSERT(true), REPLACE(true), UPDATE(true), DELETE(true), DESCRIBE(false), EXPLAIN(false);

    private final boolean write;

    StatementKind(boolean write) {
        this.write = write;
    }

    /** Whether the statement changes data (and so always runs on a master). */
    public boolean isWrite() {
        return write;
    }
}
