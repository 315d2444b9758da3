package io.shardline.driver.exec;

import io.shardline.router.ShardlineException;

/**
 * What a multi-shard statement took on each of its servers ({@link ServerPools#reserve}): idle connections its logical
 * connection kept there, taken for this statement, and permits, turned into connections one at a time by
 * {@link #open}; {@link #close} gives back the permits never used and the kept connections never taken (they stay
 * kept). Lanes call {@link #takeKept} and {@link #open} from their own threads: both are synchronized.
 */
public final class Reservation implements AutoCloseable {
    private final ServerPool[] pools;
    private final int[] granted;
    private final int[] unused;
    /** Per server: the kept connection taken for this statement and not yet handed to a lane (null: none left). */
    private final Lease[] kept;

    /** Takes over the arrays (made by {@link ServerPools#reserve} for it alone): {@code permits} per server. */
    Reservation(ServerPool[] pools, int[] permits, Lease[] kept) {
        this.pools = pools;
        this.unused = permits;
        this.kept = kept;
        this.granted = new int[permits.length];
        for (int i = 0; i < kept.length; i++) {
            granted[i] = permits[i] + (kept[i] != null ? 1 : 0);
        }
    }

    /** Connections granted on the {@code i}-th server (at least one): a kept one and permits. */
    public int granted(int i) {
        return granted[i];
    }

    /** The kept connection taken on the {@code i}-th server, handed out once; null when there is none (left). */
    public synchronized Lease takeKept(int i) {
        Lease k = kept[i];
        kept[i] = null;
        return k;
    }

    /** A new connection on the {@code i}-th server, using one of its permits. */
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
            if (kept[i] != null) {
                try {
                    kept[i].release(); // never used by a lane: idle again, still kept
                } catch (java.sql.SQLException | RuntimeException ignored) {
                    // releasing a held kept connection only counts down; a failure means it went back to the pool
                }
                kept[i] = null;
            }
        }
    }
}
