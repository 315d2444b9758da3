package io.shardline.driver.store;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.SplitConfig;
import java.sql.SQLException;

/** Where split metadata lives: a DBProxy config database (MySQL or H2) or a YAML file. */
public interface MetadataStore extends AutoCloseable {
    /** Every row of the store, read in one go. Credentials are still as stored (not yet decoded). */
    SplitConfig load() throws SQLException;

    /** The store's change marker, cheap to read; a larger value than the loaded one means "reload". */
    long updateStamp() throws SQLException;

    /** Where the store is, for messages (no secrets). */
    String describe();

    /** Where a new sequence starts; asked only when the sequence does not exist yet. */
    interface Start {
        long get() throws SQLException;
    }

    /**
     * Reserves a block of at least {@code atLeast} ids of global sequence {@code name} (its {@code step}, or more),
     * creating the sequence at {@code start} when it does not exist. Safe across JVMs: the block is taken by an atomic
     * compare-and-set on the sequence's row, so two drivers never get the same ids.
     *
     * @return {@code {first id, ids in the block}}
     */
    default long[] reserve(String name, Start start, int atLeast) throws SQLException {
        throw ShardlineException.notAllowed("global sequence " + name + " cannot be kept in " + describe() + ", which is"
                + " read-only; give the ids yourself, or keep the metadata in an H2 or MySQL store");
    }

    /**
     * The XA decision log kept in this store, its table created when {@code create} is true and it is missing; null
     * when it is missing and {@code create} is false (no transaction ever used XA with this store).
     */
    default XaLog xaLog(boolean create) throws SQLException {
        if (!create) {
            return null;
        }
        throw ShardlineException.notAllowed("XA transactions need a durable decision log in the metadata store, and "
                + describe() + " is read-only; keep the metadata in an H2 or MySQL store, or use transactions=local");
    }

    /** Releases what the store keeps open (the XA log's connections). */
    default void close() {
    }
}
