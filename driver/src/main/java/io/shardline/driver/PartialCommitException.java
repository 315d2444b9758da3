package io.shardline.driver;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import io.shardline.router.plan.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A write over several servers whose commit failed part-way: some servers committed, one failed to commit and the
 * rest rolled back. Says exactly that per unit, so a caller (and a batch's counts) can tell what is written, what is
 * not, and what is in doubt: a commit whose answer was lost (the server died or stopped answering) may have taken
 * effect; a commit the server refused did not. The code is the failing server's (100500 lost, 100504 timeout, 100502
 * refused).
 */
public final class PartialCommitException extends ShardlineException {
    private static final long serialVersionUID = 1L;

    /** What happened to one unit's writes. */
    public enum Outcome { COMMITTED, ROLLED_BACK, IN_DOUBT }

    private final transient Outcome[] outcomes;
    private final long[] unitCounts;

    private PartialCommitException(ShardlineException cause, String message, Outcome[] outcomes, long[] unitCounts) {
        super(cause.code(), message, cause);
        this.outcomes = outcomes;
        this.unitCounts = unitCounts;
    }

    /**
     * @param failedLane the lane (one per server, in commit order) whose commit failed; earlier lanes committed
     * @param inDoubt    whether that lane's commit may have taken effect (its answer was lost)
     */
    static PartialCommitException of(List<Unit> units, int lanes, int failedLane, boolean inDoubt,
                                      IntFunction<List<Integer>> unitsOfLane, IntFunction<Server> serverOfLane,
                                      long[] unitCounts, ShardlineException cause) {
        Outcome[] outcomes = new Outcome[units.size()];
        List<String> committed = new ArrayList<>();
        List<String> rolledBack = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            Outcome o = l < failedLane ? Outcome.COMMITTED : l > failedLane ? Outcome.ROLLED_BACK
                    : inDoubt ? Outcome.IN_DOUBT : Outcome.ROLLED_BACK;
            for (int u : unitsOfLane.apply(l)) {
                outcomes[u] = o;
            }
            String what = describe(serverOfLane.apply(l), units, unitsOfLane.apply(l));
            if (o == Outcome.COMMITTED) {
                committed.add(what);
            } else if (l != failedLane) {
                rolledBack.add(what);
            }
        }
        String failed = describe(serverOfLane.apply(failedLane), units, unitsOfLane.apply(failedLane));
        String message = "the write is partly committed: committed on " + committed + "; "
                + (inDoubt ? "in doubt on " + failed + " (its commit was sent but the answer was lost, so it may"
                + " have taken effect: check those rows before retrying)"
                : "rolled back on " + failed + " (the server refused the commit)")
                + (rolledBack.isEmpty() ? "" : "; rolled back on " + rolledBack)
                + ". Retrying the whole write would duplicate what is committed. Cause: " + cause.reason();
        return new PartialCommitException(cause, message, outcomes, unitCounts.clone());
    }

    private static String describe(Server server, List<Unit> units, List<Integer> mine) {
        StringBuilder b = new StringBuilder("server ").append(server.id()).append(" (").append(server.address())
                .append("): ").append(mine.size()).append(mine.size() == 1 ? " statement" : " statements");
        List<Integer> rows = new ArrayList<>();
        for (int u : mine) {
            int[] r = units.get(u).rows();
            if (r != null) {
                for (int row : r) {
                    rows.add(row);
                }
            }
        }
        if (!rows.isEmpty()) {
            b.append(", inserted rows ").append(ranges(rows));
        }
        return b.toString();
    }

    /** {@code [0, 1, 2, 5]} as {@code 0-2, 5}. */
    static String ranges(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) <= sorted.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(sorted.get(i));
            if (j > i) {
                b.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }

    /** Each unit's update count as its server reported it before the commit (meaningful where committed). */
    public long[] unitCounts() {
        return unitCounts.clone();
    }

    /** What happened to the writes of unit {@code unit} of the statement or batch. */
    public Outcome outcome(int unit) {
        return outcomes[unit];
    }
}
