package io.shardline.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The lock-free table of a pool's borrowers and lent leases: what a server going down must reach (every lent
 * connection, every thread waiting for a new one) and what must never leak to the application (an interrupt meant only
 * to wake a thread from the pool's wait, a permit given back twice).
 */
class LentSlotsTest {
    private static Lease lease(int slot) {
        return new Lease(null, null, null, 0, slot);
    }

    @Test
    void asManyHoldersAsPermitsEachGetTheirOwnSlotAndEveryLeaseIsSeen() throws Exception {
        int permits = 10;
        LentSlots slots = new LentSlots(permits);
        CyclicBarrier together = new CyclicBarrier(permits);
        List<Lease> lent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < permits; i++) {
            Thread t = new Thread(() -> {
                try {
                    together.await();
                    Thread me = Thread.currentThread();
                    int slot = slots.connecting(me);
                    Lease l = lease(slot);
                    slots.connected(slot, me, l);
                    lent.add(l);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        Set<Integer> distinct = new HashSet<>();
        for (Lease l : lent) {
            distinct.add(l.slot());
        }
        assertEquals(permits, distinct.size(), "each holder has its own slot");
        List<Lease> seen = new ArrayList<>();
        slots.forEachLent(seen::add);
        assertEquals(new HashSet<>(lent), new HashSet<>(seen), "a server going down reaches every lent connection");

        Lease first = lent.get(0);
        assertTrue(slots.returned(first.slot(), first));
        assertFalse(slots.returned(first.slot(), first), "a lease returned twice gives its permit back once");
        Thread me = Thread.currentThread();
        int again = slots.connecting(me);
        assertEquals(first.slot(), again, "the freed slot is the only one left");
        slots.connected(again, me, null);
    }

    @Test
    void aThreadWaitingForAConnectionIsWokenAndKeepsNoInterrupt() throws Exception {
        LentSlots slots = new LentSlots(4);
        CountDownLatch claimed = new CountDownLatch(1);
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            Thread me = Thread.currentThread();
            int slot = slots.connecting(me);
            claimed.countDown();
            long until = System.nanoTime() + 10_000_000_000L;
            while (!me.isInterrupted() && System.nanoTime() < until) {
                Thread.onSpinWait(); // the pool's wait for a new connection
            }
            boolean woken = me.isInterrupted();
            slots.connected(slot, me, null); // gave up: the pool's wait was interrupted
            outcome.set(woken + "/" + me.isInterrupted());
        });
        waiter.start();
        claimed.await();
        Thread bystander = Thread.currentThread();
        slots.interruptConnecting();
        waiter.join();
        assertEquals("true/false", outcome.get(), "woken from the wait, and the interrupt cleared");
        assertFalse(bystander.isInterrupted(), "a thread not borrowing is not interrupted");
    }

    @Test
    void anInterruptRacingTheHandOverNeverEscapes() throws Exception {
        LentSlots slots = new LentSlots(2);
        AtomicInteger escaped = new AtomicInteger();
        for (int round = 0; round < 2_000; round++) {
            CountDownLatch claimed = new CountDownLatch(1);
            Lease[] mine = new Lease[1];
            Thread borrower = new Thread(() -> {
                Thread me = Thread.currentThread();
                int slot = slots.connecting(me);
                claimed.countDown();
                mine[0] = lease(slot);
                slots.connected(slot, me, mine[0]);
                if (me.isInterrupted()) {
                    escaped.incrementAndGet();
                }
            });
            borrower.start();
            claimed.await();
            slots.interruptConnecting();
            borrower.join();
            List<Lease> seen = new ArrayList<>();
            slots.forEachLent(seen::add);
            assertEquals(List.of(mine[0]), seen, "the slot holds the lease, whichever came first");
            assertTrue(slots.returned(mine[0].slot(), mine[0]));
        }
        assertEquals(0, escaped.get(), "no interrupt reached the borrower after it had its connection");
    }
}
