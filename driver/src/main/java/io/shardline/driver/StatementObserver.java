package io.shardline.driver;

import io.shardline.driver.observe.Metrics;
import io.shardline.driver.observe.SqlLog;
import io.shardline.router.ShardlineException;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.MultiPlan;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.Plan;
import io.shardline.router.plan.Route;
import io.shardline.router.plan.Unit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Watches the logical statements of a runtime for the SQL log and the metrics. {@link #watching()} is the one check
 * on the hot path: with the SQL log below DEBUG, no slow-statement threshold and no metrics, a statement costs that
 * check and nothing else (no clock read, no string). Thread-safe.
 */
final class StatementObserver {
    private final SqlLog log;
    private volatile Metrics metrics = Metrics.NONE;

    StatementObserver(SqlLog log) {
        this.log = log;
    }

    void bind(Metrics m) {
        metrics = m == null ? Metrics.NONE : m;
    }

    Metrics metrics() {
        return metrics;
    }

    boolean watching() {
        return metrics != Metrics.NONE || log.enabled();
    }

    /**
     * A logical statement ended. {@code planned}: it was planned (a failure without a plan came before routing, so no
     * route is shown). {@code unitCounts}/{@code unitMicros} are a multi-shard statement's, index for index with its
     * units (null when not known).
     */
    void statement(BoundStatement bound, ParamSource params, boolean planned, Plan plan, boolean rows, long count,
                   long[] unitCounts, long[] unitMicros, long nanos, SQLException failure) {
        String kind = bound.parsed().kind().name().toLowerCase(Locale.ROOT);
        Plan ran = failure != null && !planned ? null : plan;
        boolean multi = ran instanceof MultiPlan;
        Metrics m = metrics;
        if (m != Metrics.NONE) {
            m.statement(kind, multi, nanos, failure != null);
            if (failure instanceof ShardlineException s) {
                m.refusal(s.getErrorCode());
            }
        }
        boolean debug = log.debug();
        boolean slow = log.isSlow(nanos);
        if (!debug && !slow) {
            return;
        }
        List<Object> values = parameters(bound.parameterCount(), params);
        String line = SqlLog.line(kind, multi, bound.parsed().sql(), values, rows ? -1 : count, nanos,
                routes(ran, rows, count, nanos, unitCounts, unitMicros), failure);
        if (slow) {
            SqlLog.SLOW.warn("slow statement: {}", line);
        } else {
            SqlLog.SQL.debug(line);
        }
    }

    /** A statement refused while it was read (before any plan): counted, and logged at DEBUG. */
    void refusedUnread(String sql, ShardlineException e) {
        Metrics m = metrics;
        if (m != Metrics.NONE) {
            m.refusal(e.getErrorCode());
        }
        if (log.debug()) {
            SqlLog.SQL.debug(SqlLog.line("unread", false, sql, null, -1, 0, List.of(), e));
        }
    }

    /** A batch ended: one line for all its items. */
    void batch(String sql, int items, long nanos, SQLException failure) {
        Metrics m = metrics;
        if (m != Metrics.NONE) {
            m.statement("batch", false, nanos, failure != null);
            if (failure != null && failure.getCause() instanceof ShardlineException s) {
                m.refusal(s.getErrorCode());
            }
        }
        boolean slow = log.isSlow(nanos);
        if (log.debug() || slow) {
            String line = SqlLog.line("batch", false, items + " items of " + sql, null, -1, nanos, List.of(), failure);
            if (slow) {
                SqlLog.SLOW.warn("slow statement: {}", line);
            } else {
                SqlLog.SQL.debug(line);
            }
        }
    }

    private List<Object> parameters(int count, ParamSource params) {
        if (count == 0) {
            return null;
        }
        if (!log.parameters()) {
            return Collections.nCopies(count, "?");
        }
        List<Object> values = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            try {
                values.add(params.isBound(i) ? params.value(i) : "?");
            } catch (ShardlineException e) {
                values.add("?");
            }
        }
        return values;
    }

    private static List<SqlLog.RouteLine> routes(Plan plan, boolean rows, long count, long nanos, long[] unitCounts,
                                                 long[] unitMicros) {
        if (plan instanceof Route r) {
            return List.of(new SqlLog.RouteLine(r.serverId(), r.database(), r.sql(), rows ? -1 : count, nanos / 1000));
        }
        if (!(plan instanceof MultiPlan m)) {
            return List.of();
        }
        List<SqlLog.RouteLine> out = new ArrayList<>(m.units().size());
        for (int i = 0; i < m.units().size(); i++) {
            Unit u = m.units().get(i);
            long c = unitCounts != null && i < unitCounts.length ? unitCounts[i] : -1;
            long us = unitMicros != null && i < unitMicros.length ? unitMicros[i] : -1;
            out.add(new SqlLog.RouteLine(u.serverId(), u.database(), u.sql(), c, us));
        }
        return out;
    }
}
