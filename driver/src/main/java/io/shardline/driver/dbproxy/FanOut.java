package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineRuntime;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.dbproxy.Answer;
import io.shardline.router.dbproxy.HintPair;
import io.shardline.router.route.HintValue;
import io.shardline.router.sql.StatementKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-shard call as DBProxy runs it: the statement once per equivalent id, with that id as the hint, answers
 * concatenated in ascending equivalent id. At most {@value #PARALLELISM} shards of one call run at a time (the
 * caller's thread is one of the workers), so a call over hundreds of shards cannot drain a server's pool; the shared
 * threads die when idle. A shard that fails puts the caller's ids it covers into {@code failedIds}; when every shard
 * fails the call fails with 100500. Thread-safe.
 */
final class FanOut {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private static final int PARALLELISM = 4;
    /** When every thread is busy the submitting caller runs the worker itself: back-pressure, never a refusal. */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, 32, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "shardline-dbproxy-fanout");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    private FanOut() {
    }

    /**
     * @param units  the shards to run on, ascending equivalent id, each with the caller's ids it covers
     * @param invalidIds the caller's ids that reach no shard, reported as they are
     */
    static <I> Answer<I> run(ShardlineRuntime runtime, String cluster, String sql, StatementKind kind, String table,
                             boolean master, List<HintPair<I>> units, List<I> invalidIds, int queryTimeout)
            throws SQLException {
        Object[] outcomes = new Object[units.size()]; // an Answer or the SQLException of each unit
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < units.size(); i = next.getAndIncrement()) {
                outcomes[i] = runUnit(runtime, cluster, sql, kind, table, master, units.get(i).equivalentId(), queryTimeout);
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int w = 1; w < Math.min(PARALLELISM, units.size()); w++) {
            helpers.add(WORKERS.submit(worker));
        }
        worker.run();
        awaitAll(helpers);
        return combine(units, outcomes, invalidIds);
    }

    private static Object runUnit(ShardlineRuntime runtime, String cluster, String sql, StatementKind kind, String table,
                                  boolean master, long equivalentId, int queryTimeout) {
        try {
            return ShardCall.run(runtime, cluster, sql, new HintValue.Int(equivalentId), table, master, kind,
                    queryTimeout);
        } catch (SQLException e) {
            return e;
        } catch (RuntimeException e) {
            return new ShardlineException(ErrorCode.INTERNAL, "the shard of equivalent id " + equivalentId
                    + " failed unexpectedly: " + e, e);
        }
    }

    private static void awaitAll(List<Future<?>> helpers) throws ShardlineException {
        try {
            for (Future<?> f : helpers) {
                f.get();
            }
        } catch (InterruptedException e) {
            helpers.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ShardlineException(ErrorCode.INTERNAL, "interrupted while the shards answered", e);
        } catch (ExecutionException e) {
            throw new ShardlineException(ErrorCode.INTERNAL, "a shard worker failed: " + e.getCause(), e.getCause());
        }
    }

    private static <I> Answer<I> combine(List<HintPair<I>> units, Object[] outcomes, List<I> invalidIds)
            throws ShardlineException {
        List<String> fields = null;
        List<List<String>> rows = new ArrayList<>();
        List<Answer.Result> results = new ArrayList<>();
        List<I> failedIds = new ArrayList<>();
        SQLException firstFailure = null;
        for (int i = 0; i < units.size(); i++) {
            HintPair<I> unit = units.get(i);
            if (outcomes[i] instanceof SQLException e) {
                LOG.warn("shard of equivalent id {} failed for ids {}: {}", unit.equivalentId(), unit.hintIds(),
                        e.getMessage());
                failedIds.addAll(unit.hintIds());
                firstFailure = firstFailure == null ? e : firstFailure;
            } else if (outcomes[i] instanceof Answer.Rows<?> r) {
                fields = fields == null ? r.fields() : fields;
                rows.addAll(r.rows());
            } else {
                Answer.Written<?> w = (Answer.Written<?>) outcomes[i];
                results.add(new Answer.Result(unit.equivalentId(), w.affectedRows(), w.insertId()));
            }
        }
        if (fields == null && results.isEmpty()) {
            throw new ShardlineException(ErrorCode.INTERNAL, "all " + units.size() + " shard(s) of the call failed;"
                    + " the first: " + Checks.reason(firstFailure), firstFailure);
        }
        if (fields != null) {
            return new Answer.Rows<>(fields, rows, failedIds, invalidIds);
        }
        return new Answer.Results<>(results, failedIds, invalidIds);
    }
}
