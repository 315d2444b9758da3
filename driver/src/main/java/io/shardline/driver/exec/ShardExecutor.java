package io.shardline.driver.exec;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a multi-shard statement's units in parallel: a fixed number of daemon threads and a bounded
 * queue, shared by every connection of a runtime. When the queue is full a statement fails at once with 100513
 * (DBProxy's "query queue caught limitation") rather than waiting without bound. Thread-safe.
 */
public final class ShardExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final int queueSize;

    public ShardExecutor(int threads, int queueSize) {
        AtomicInteger n = new AtomicInteger();
        this.queueSize = queueSize;
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
                r -> {
                    Thread t = new Thread(r, "shardline-shard-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Queues a unit of work; 100513 when the queue is full. */
    public <T> Future<T> submit(Callable<T> task) throws ShardlineException {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw new ShardlineException(ErrorCode.QUEUE_LIMIT, pool.isShutdown() ? "this Shardline runtime is closed"
                    : "the multi-shard queue is full (" + queueSize + " units waiting for " + pool.getMaximumPoolSize()
                    + " threads); retry later, or raise executorQueueSize / executorThreads", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
