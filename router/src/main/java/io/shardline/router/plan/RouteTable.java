package io.shardline.router.plan;

import io.shardline.router.route.Shard;

/**
 * A one-table statement's routes by shard, found by the shard's identity: a table whose shards are made once with
 * its topology hands out the same {@link Shard} for every key of a table number. Keys and routes sit side by side in
 * one array, so a lookup touches one slot and the route, where a {@code ConcurrentHashMap} keyed by the record also
 * read the shard's fields and a node: on 4,096 tables, where little of it stays in the CPU's cache, that map was 5%
 * of a point select's CPU time. Readers take no lock; a writer locks, and publishes a grown array whole.
 */
final class RouteTable {
    /** Key, route, key, route, ...; its length a power of two, at most half its pairs used. */
    private volatile Object[] slots = new Object[8];
    private volatile int size;

    /** The route cached for {@code shard}, or null. */
    Route get(Shard shard) {
        Object[] s = slots;
        int mask = s.length - 1;
        for (int i = (System.identityHashCode(shard) << 1) & mask; ; i = (i + 2) & mask) {
            Object key = s[i];
            if (key == shard) {
                return (Route) s[i + 1]; // null while a writer is between the two stores: made again, the same
            }
            if (key == null) {
                return null;
            }
        }
    }

    /** Caches {@code route} for {@code shard}; false if one was cached already. */
    synchronized boolean put(Shard shard, Route route) {
        if (get(shard) != null) {
            return false;
        }
        Object[] s = slots;
        if (2 * (size + 1) > s.length / 2) {
            s = grown(s);
        }
        insert(s, shard, route);
        slots = s;
        size++;
        return true;
    }

    /** Lets go of every route (readers still holding the old array finish with it). */
    synchronized void clear() {
        slots = new Object[8];
        size = 0;
    }

    int size() {
        return size;
    }

    private static Object[] grown(Object[] old) {
        Object[] s = new Object[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != null) {
                insert(s, old[i], old[i + 1]);
            }
        }
        return s;
    }

    private static void insert(Object[] s, Object key, Object route) {
        int mask = s.length - 1;
        int i = (System.identityHashCode(key) << 1) & mask;
        while (s[i] != null && s[i] != key) {
            i = (i + 2) & mask;
        }
        s[i + 1] = route;
        s[i] = key;
    }
}
