package io.shardline.driver;

import io.shardline.driver.exec.Lease;

/**
 * The physical connections one logical connection keeps between statements, at most one per server and at most
 * {@link #CAPACITY}, least recently used first (so the first goes when the table is full). A statement looks its
 * server up among plain {@code int} ids, so finding the kept connection costs no walk through the leases and their
 * servers (which the database's own work evicts from the cache between statements) however many servers are kept.
 * Used by one thread at a time.
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
    private int size;

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= CAPACITY;
    }

    /** Where the connection kept on server {@code serverId} is, or -1. */
    int indexOf(int serverId) {
        int[] ids = serverIds;
        for (int i = size - 1; i >= 0; i--) { // the most recently used last
            if (ids[i] == serverId) {
                return i;
            }
        }
        return -1;
    }

    Lease at(int i) {
        return leases[i];
    }

    /** Marks entry {@code i} as just used: it moves to the end. */
    void touch(int i) {
        int last = size - 1;
        if (i != last) {
            int id = serverIds[i];
            Lease lease = leases[i];
            System.arraycopy(serverIds, i + 1, serverIds, i, last - i);
            System.arraycopy(leases, i + 1, leases, i, last - i);
            serverIds[last] = id;
            leases[last] = lease;
        }
    }

    /** Adds {@code lease} (its server has none here) and returns the least recently used one it pushed out, or null. */
    Lease add(Lease lease) {
        Lease out = null;
        if (size >= CAPACITY) {
            out = removeAt(0);
        } else if (size == leases.length) {
            int n = Math.min(CAPACITY, size * 2);
            serverIds = java.util.Arrays.copyOf(serverIds, n);
            leases = java.util.Arrays.copyOf(leases, n);
        }
        serverIds[size] = lease.server().id();
        leases[size] = lease;
        size++;
        return out;
    }

    /** Removes entry {@code i} and returns its lease. */
    Lease removeAt(int i) {
        Lease out = leases[i];
        size--;
        System.arraycopy(serverIds, i + 1, serverIds, i, size - i);
        System.arraycopy(leases, i + 1, leases, i, size - i);
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

    /** Empties the table, handing each lease it held to {@code each} (every one, whatever an earlier one threw). */
    void clear(LeaseAction each) throws java.sql.SQLException {
        java.sql.SQLException failure = null;
        int n = size;
        size = 0;
        for (int i = 0; i < n; i++) {
            Lease l = leases[i];
            leases[i] = null;
            try {
                each.on(l);
            } catch (java.sql.SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    interface LeaseAction {
        void on(Lease lease) throws java.sql.SQLException;
    }
}
