package io.shardline.router.plan;

import io.shardline.router.merge.MergeSpec;
import java.util.List;

/**
 * A statement that runs as several units. A query merges the units' rows by {@code merge}; a write adds up their
 * update counts (a broadcast write counts one copy: every copy changes the same rows); DDL changes every physical
 * table one after another. {@code reason} says why it fans out (the shards its keys reach, a full scan, a broadcast
 * table, DDL).
 */
public record MultiPlan(Mode mode, List<Unit> units, MergeSpec merge, String reason) implements Plan {
    public enum Mode { QUERY, WRITE, BROADCAST_WRITE, DDL }

    public MultiPlan {
        units = List.copyOf(units);
    }

    public boolean write() {
        return mode != Mode.QUERY;
    }

    /** Whether only the first unit's count is the statement's (the copies of a broadcast table change alike). */
    public boolean countFirstOnly() {
        return mode == Mode.BROADCAST_WRITE;
    }

    @Override
    public String describe() {
        StringBuilder unitsText = new StringBuilder();
        unitsText.append("Units(").append(units.size()).append(", ").append(reason).append(")\n");
        for (Unit u : units) {
            unitsText.append("  ").append(u.describe()).append('\n');
        }
        String text = switch (mode) {
            case QUERY -> merge.describe("", unitsText.toString());
            case WRITE -> "SumCounts\n" + unitsText.toString().indent(2);
            case BROADCAST_WRITE -> "BroadcastWrite(count of the first copy)\n" + unitsText.toString().indent(2);
            case DDL -> "DdlFanOut(one physical table after another)\n" + unitsText.toString().indent(2);
        };
        return text.stripTrailing();
    }
}
