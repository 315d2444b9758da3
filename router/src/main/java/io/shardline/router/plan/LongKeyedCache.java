package io.shardline.router.plan;

/**
 * A bounded cache by {@code long} key, read without a lock and without boxing the key: a {@code Map<Long, V>} made a
 * {@code Long} per lookup above 127 (three per execution of an IN of three keys, whose units' keys carry the items
 * they keep) and hashed it through the map. An open-addressed table of immutable entries, at most half full, so a
 * probe always ends at an empty slot; writes take the lock and publish a grown table through the volatile field. A
 * reader may miss an entry written meanwhile, as it would miss one written a moment later: it is a cache.
 * At most {@code limit} entries; after that only those already kept are replaced.
 */
final class LongKeyedCache<V> {
    private record Entry<V>(long key, V value) {
    }

    private final int limit;
    private volatile Entry<V>[] table;
    private int size;

    LongKeyedCache(int limit) {
        this.limit = limit;
    }

    /** The value kept under {@code key}, or null. */
    V get(long key) {
        Entry<V>[] t = table;
        if (t == null) {
            return null;
        }
        int mask = t.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Entry<V> e = t[i];
            if (e == null) {
                return null;
            }
            if (e.key == key) {
                return e.value;
            }
        }
    }

    /** Keeps {@code value} under {@code key}, replacing what was there; nothing when full and {@code key} is new. */
    synchronized void put(long key, V value) {
        Entry<V>[] t = table;
        if (t == null) {
            t = newTable(16);
            table = t;
        }
        int i = find(t, key);
        if (t[i] == null) {
            if (size >= limit) {
                return;
            }
            if (2 * (size + 1) > t.length) {
                t = grown(t);
                i = find(t, key);
            }
            size++;
        }
        t[i] = new Entry<>(key, value);
    }

    synchronized int size() {
        return size;
    }

    private Entry<V>[] grown(Entry<V>[] old) {
        Entry<V>[] t = newTable(old.length * 2);
        for (Entry<V> e : old) {
            if (e != null) {
                t[find(t, e.key)] = e;
            }
        }
        table = t; // published whole: readers of the old table still find what it held
        return t;
    }

    /** The slot holding {@code key}, or the empty one where it goes. */
    private static <V> int find(Entry<V>[] t, long key) {
        int mask = t.length - 1;
        int i = slot(key, mask);
        while (t[i] != null && t[i].key != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int slot(long key, int mask) {
        int h = (int) (key ^ (key >>> 32));
        h *= 0x9E3779B9; // Fibonacci hashing: keys differ in low bits (ordinals) and in high ones (kept items)
        return (h ^ (h >>> 16)) & mask;
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int length) {
        return (Entry<V>[]) new Entry<?>[length];
    }
}
