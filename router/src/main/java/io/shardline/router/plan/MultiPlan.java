package io.shardline.router.plan;

import io.shardline.router.merge.MergeSpec;
import java.util.List;

/**
 * A statement that runs as several units. A read merges the units' rows by {@code merge}; a write adds up their
 * update counts ({@code countFirstOnly} for a broadcast table, whose copies each report the same rows).
 * {@code reason} says why it fans out (the shards its keys reach, a full scan, a broadcast write).
 */
public record MultiPlan(List<Unit> units, MergeSpec merge, boolean write, boolean countFirstOnly, String reason)
        implements Plan {

    public MultiPlan {
        units = List.copyOf(units);
    }

    @Override
    public String describe() {
        StringBuilder unitsText = new StringBuilder();
        unitsText.append("Units(").append(units.size()).append(", ").append(reason).append(")\n");
        for (Unit u : units) {
            unitsText.append("  ").append(u.describe()).append('\n');
        }
        String text;
        if (write) {
            text = (countFirstOnly ? "BroadcastWrite(count of the first copy)" : "SumCounts") + "\n"
                    + unitsText.toString().indent(2);
        } else {
            text = merge.describe("", unitsText.toString());
        }
        return text.stripTrailing();
    }
}
