package io.shardline.driver;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injection point for the crash tests of XA, off unless the JVM runs with
 * {@code -Dshardline.xa.pause=<point>:<n>}: the n-th two-phase commit to reach {@code prepared} (every branch prepared,
 * no decision yet) or {@code decided} (the commit decision recorded, no branch committed yet) prints
 * {@code shardline-xa-paused <point>} on standard error and stops there for good, so the test can kill the JVM at
 * exactly that moment. Costs one null check per two-phase commit when off.
 */
final class XaFailpoint {
    private static final String SPEC = System.getProperty("shardline.xa.pause");
    private static final AtomicInteger REACHED = new AtomicInteger();

    private XaFailpoint() {
    }

    static void reached(String point) {
        if (SPEC == null || !SPEC.startsWith(point + ":")) {
            return;
        }
        if (REACHED.incrementAndGet() != Integer.parseInt(SPEC.substring(point.length() + 1))) {
            return;
        }
        System.err.println("shardline-xa-paused " + point);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // paused for good: only the test's kill ends this thread
            }
        }
    }
}
