package io.shardline.router.plan;

/**
 * What one execution of a statement does: a single {@link Route} (the statement as written, on one server: the
 * fast path, no merge), or a {@link MultiPlan} of several units whose results are merged. Both describe themselves
 * in the text of {@code EXPLAIN SHARDLINE} and of the golden plan files.
 */
public sealed interface Plan permits Route, MultiPlan, GatherPlan {
    String describe();
}
