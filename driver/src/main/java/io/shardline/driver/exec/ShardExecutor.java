package io.shardline.driver.exec;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a multi-shard statement's lanes in parallel: a fixed number of daemon threads and a bounded
 * queue, shared by every connection of a runtime. When the queue is full the calling thread runs the lane itself: a
 * lane already holds its connection's permit, so giving up parallelism costs time but never a failed statement or a
 * stall (the number of lanes waiting is bounded by the servers' budgets anyway). Thread-safe.
 */
public final class ShardExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    public ShardExecutor(int threads, int queueSize) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
                r -> {
                    Thread t = new Thread(r, "shardline-shard-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Queues a lane; null when the queue is full or the runtime closed (the caller then runs it itself). */
    public <T> Future<T> trySubmit(Callable<T> task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Lanes waiting for a thread now. */
    public int queueDepth() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
