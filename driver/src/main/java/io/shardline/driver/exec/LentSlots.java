package io.shardline.driver.exec;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Who holds a permit of one server's budget in its pool: the threads taking a connection from it (which
 * {@link ServerPool#markDown} interrupts) and the leases it has lent out (which it aborts). Every holder took a permit
 * first, so there are never more than {@code maxPoolSize}; each claims one slot of a fixed table by compare-and-set and
 * clears it the same way, so a borrow takes no lock and shares no counter with the other threads (a pool-wide monitor
 * and a concurrent set here made 8 threads on 2 cores queue behind each other on every borrow). Thread-safe.
 */
final class LentSlots {
    /** A connecting thread that {@link #interruptConnecting} is interrupting: it clears the interrupt once delivered. */
    private static final class Interrupted {
        final Thread thread;
        volatile boolean delivered;

        Interrupted(Thread thread) {
            this.thread = thread;
        }
    }

    /**
     * References per 64-byte cache line at most (4 bytes each with compressed pointers): slots this far apart never
     * share a line, so two threads claiming their slots do not invalidate each other's.
     */
    private static final int SPREAD = 16;

    /** Per slot: null (free), a connecting {@link Thread}, an {@link Interrupted} one, or a lent {@link Lease}. */
    private final AtomicReferenceArray<Object> slots;
    private final int size;

    LentSlots(int permits) {
        this.size = Math.max(1, permits);
        this.slots = new AtomicReferenceArray<>(size * SPREAD);
    }

    /**
     * Claims a free slot for {@code me}, about to take a connection, starting from one its id picks (so threads keep
     * apart). Never fails while the caller holds a permit: there are as many slots as permits.
     */
    int connecting(Thread me) {
        int start = (int) Long.remainderUnsigned(me.getId(), size);
        for (int tries = 0; ; tries++) {
            for (int k = 0; k < size; k++) {
                int i = ((start + k) % size) * SPREAD;
                if (slots.get(i) == null && slots.compareAndSet(i, null, me)) {
                    return i;
                }
            }
            // every slot taken: a holder is between releasing its permit's slot and its permit; let it finish
            if (tries > 1000) {
                throw new IllegalStateException("more holders than permits in a pool");
            }
            Thread.yield();
        }
    }

    /** {@code me} got {@code lease} (or, when null, gave up): the slot holds the lease now (or is free). */
    void connected(int slot, Thread me, Lease lease) {
        if (!slots.compareAndSet(slot, me, lease)) {
            Interrupted mark = (Interrupted) slots.get(slot); // only interruptConnecting changes a thread's slot
            while (!mark.delivered) {
                Thread.onSpinWait();
            }
            Thread.interrupted(); // the interrupt only woke this thread from the pool's wait
            slots.set(slot, lease);
        }
    }

    /** Clears {@code lease}'s slot; false when it was cleared already (so its permit is given back once). */
    boolean returned(int slot, Lease lease) {
        return slots.compareAndSet(slot, lease, null);
    }

    /** Interrupts every thread waiting inside the pool for a connection (the server went down). */
    void interruptConnecting() {
        for (int i = 0; i < slots.length(); i += SPREAD) {
            if (slots.get(i) instanceof Thread t) {
                Interrupted mark = new Interrupted(t);
                if (slots.compareAndSet(i, t, mark)) {
                    t.interrupt();
                    mark.delivered = true;
                }
            }
        }
    }

    /** Calls {@code each} with every lease lent out now (a lease lent or returned meanwhile may be missed). */
    void forEachLent(java.util.function.Consumer<Lease> each) {
        for (int i = 0; i < slots.length(); i += SPREAD) {
            if (slots.get(i) instanceof Lease l) {
                each.accept(l);
            }
        }
    }
}
