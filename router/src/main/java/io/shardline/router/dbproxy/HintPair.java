package io.shardline.router.dbproxy;

import java.util.List;

/** One shard of a {@code reformHintIds} answer: its equivalent id and the caller's ids that reach it (ascending). */
public record HintPair<I>(long equivalentId, List<I> hintIds) {
    public HintPair {
        hintIds = List.copyOf(hintIds);
    }
}
