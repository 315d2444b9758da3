package io.shardline.router.sql;

import java.util.List;

/**
 * A call of an aggregate Shardline merges: {@code COUNT}, {@code SUM}, {@code MIN}, {@code MAX}, {@code AVG}, with
 * {@code DISTINCT} or not; {@code star} for {@code COUNT(*)}. {@code normalized} identifies equal calls written
 * differently; {@code [start, end)} is the call in the text.
 */
public record AggregateCall(String function, boolean distinct, boolean star, List<SqlExpr> args, String normalized,
                            int start, int end) {
    public AggregateCall {
        args = List.copyOf(args);
    }
}
