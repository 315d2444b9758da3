package io.shardline.driver.exec;

import io.shardline.router.ShardlineException;

/**
 * Permits a multi-shard statement took on each of its servers ({@link ServerPools#reserve}), turned into connections
 * one at a time by {@link #open}; {@link #close} gives back those never used. Not thread-safe: lanes open their
 * connections through {@link #open}, which is synchronized.
 */
public final class Reservation implements AutoCloseable {
    private final ServerPool[] pools;
    private final int[] granted;
    private final int[] unused;

    Reservation(ServerPool[] pools, int[] granted) {
        this.pools = pools;
        this.granted = granted.clone();
        this.unused = granted.clone();
    }

    /** Permits granted on the {@code i}-th server (at least one). */
    public int granted(int i) {
        return granted[i];
    }

    /** A connection on the {@code i}-th server, using one of its permits. */
    public Lease open(int i) throws ShardlineException {
        synchronized (this) {
            if (unused[i] == 0) {
                throw new IllegalStateException("no permit left for " + pools[i].describe());
            }
            unused[i]--;
        }
        return pools[i].open();
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < pools.length; i++) {
            pools[i].releasePermits(unused[i]);
            unused[i] = 0;
        }
    }
}
