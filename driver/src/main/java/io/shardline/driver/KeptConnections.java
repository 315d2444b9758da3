package io.shardline.driver;

import io.shardline.driver.exec.Lease;

/**
 * The physical connections one logical connection keeps between statements, at most one per server and at most
 * {@link #CAPACITY}, the least recently used let go first. A statement looks its server up among plain {@code int}
 * ids, so finding the kept connection costs no walk through the leases and their servers (which the database's own
 * work evicts from the cache between statements) however many servers are kept. Used by one thread at a time.
 */
final class KeptConnections {
    /**
     * Servers on which one logical connection keeps a connection, at most: a point select's server follows its key,
     * so an estate of n servers needs n kept connections for every statement to find one (64 for the largest
     * measured estate, 4,096 tables over 64 servers). Keeping costs no pool capacity: an idle kept connection goes back
     * to anyone waiting for its server, and the probe clock gives back those idle longer than half a second.
     */
    static final int CAPACITY = 64;

    private int[] serverIds = new int[2]; // most logical connections reach one or two servers: it grows to CAPACITY
    private Lease[] leases = new Lease[2];
    /** When each was last used, by {@link #clock}: the smallest goes first when the table is full. */
    private long[] used = new long[2];
    private int size;
    private long clock;

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= CAPACITY;
    }

    /** Where the connection kept on server {@code serverId} is, or -1. */
    int indexOf(int serverId) {
        int[] ids = serverIds;
        for (int i = 0; i < size; i++) {
            if (ids[i] == serverId) {
                return i;
            }
        }
        return -1;
    }

    Lease at(int i) {
        return leases[i];
    }

    /** Marks entry {@code i} as just used. */
    void touch(int i) {
        used[i] = ++clock;
    }

    /** Adds {@code lease} (its server has none here) and returns the least recently used one it pushed out, or null. */
    Lease add(Lease lease) {
        Lease out = null;
        if (size >= CAPACITY) {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                if (used[i] < used[oldest]) {
                    oldest = i;
                }
            }
            out = removeAt(oldest);
        } else if (size == leases.length) {
            int n = Math.min(CAPACITY, size * 2);
            serverIds = java.util.Arrays.copyOf(serverIds, n);
            leases = java.util.Arrays.copyOf(leases, n);
            used = java.util.Arrays.copyOf(used, n);
        }
        serverIds[size] = lease.server().id();
        leases[size] = lease;
        used[size] = ++clock;
        size++;
        return out;
    }

    /** Removes entry {@code i} (the last entry takes its place) and returns its lease. */
    Lease removeAt(int i) {
        Lease out = leases[i];
        size--;
        serverIds[i] = serverIds[size];
        leases[i] = leases[size];
        used[i] = used[size];
        leases[size] = null;
        return out;
    }

    /** Removes {@code lease}; false when it is not here. */
    boolean remove(Lease lease) {
        for (int i = 0; i < size; i++) {
            if (leases[i] == lease) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    /** Empties the table and returns what it held. */
    Lease[] clear() {
        Lease[] out = java.util.Arrays.copyOf(leases, size);
        java.util.Arrays.fill(leases, 0, size, null);
        size = 0;
        return out;
    }
}
