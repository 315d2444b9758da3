package io.shardline.router.plan;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Room for one-table routes cached beyond each statement's own share ({@link BoundStatement}'s first 1,024), shared
 * by the statements one {@link Planner} caches. On an estate of thousands of tables a hot statement's route to every
 * shard stays cached, so its cost does not grow with the table count, while the heap all statements' routes take stays
 * bounded: a cached route with its text is about 230 bytes, so the room is about 7.5 MiB. A statement the planner's
 * cache lets go gives its routes' room back and drops the routes that took it.
 */
final class RouteRoom {
    static final int ROUTES = 32_768;

    private final AtomicInteger left;

    RouteRoom(int routes) {
        this.left = new AtomicInteger(routes);
    }

    /** Takes room for one route; false when the room is used up (the route is then rendered per execution). */
    boolean take() {
        while (true) {
            int n = left.get();
            if (n <= 0) {
                return false;
            }
            if (left.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    void giveBack(int routes) {
        left.addAndGet(routes);
    }

    int left() {
        return left.get();
    }
}
