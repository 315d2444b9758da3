package io.shardline.driver.store;

import java.sql.SQLException;
import java.util.List;

/**
 * The durable decision log of XA transactions, in the metadata store every Shardline instance shares (table
 * {@code xa_log}). A transaction over several servers is committed exactly when its {@code commit} row is written;
 * recovery rolls back a prepared branch only after writing a {@code rollback} row for it. Both are one insert on the
 * same primary key, so the first decision wins and no instance can ever act on the other one. Thread-safe.
 */
public interface XaLog {
    /** The outcome recorded for a global transaction. */
    enum Decision { COMMIT, ROLLBACK }

    /**
     * This log's own id (random, kept in the store), part of every global transaction id it decides: recovery touches
     * only branches of its own log, never those of another estate whose servers it shares.
     */
    String id();

    /** One row: a transaction's decision, the servers of its branches, and its age by the store's clock. */
    record Entry(String gtrid, Decision decision, String servers, long ageSeconds) {
    }

    /**
     * Records {@code decision} for {@code gtrid} unless a decision is recorded already, and answers the decision in
     * force afterwards (the one given, or the earlier one). Atomic across JVMs.
     *
     * @param servers the ids of the transaction's branches, comma-separated (for recovery and operators)
     */
    Decision decide(String gtrid, Decision decision, String servers) throws SQLException;

    /** The decision recorded for {@code gtrid}, or null when none is. */
    Decision decision(String gtrid) throws SQLException;

    /** Removes the row of a transaction whose every branch is resolved. */
    void forget(String gtrid) throws SQLException;

    /** Every row. */
    List<Entry> entries() throws SQLException;
}
