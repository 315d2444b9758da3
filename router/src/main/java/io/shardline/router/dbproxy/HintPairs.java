package io.shardline.router.dbproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code reformHintIds}: {@code { hintPairs:[[equivalentId,[hintIds]]], invalidIds:[...] }}, pairs in
 * ascending equivalent id. {@code I} is {@code Long} for integer hints, {@code String} for string hints.
 */
public record HintPairs<I>(List<HintPair<I>> hintPairs, List<I> invalidIds) {
    public HintPairs {
        hintPairs = List.copyOf(hintPairs);
        invalidIds = List.copyOf(invalidIds);
    }

    /** The spec's dictionary: both keys always present, as DBProxy answers. */
    public Map<String, Object> toMap() {
        List<List<Object>> pairs = new ArrayList<>(hintPairs.size());
        for (HintPair<I> p : hintPairs) {
            pairs.add(List.of(p.equivalentId(), p.hintIds()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hintPairs", pairs);
        m.put("invalidIds", invalidIds);
        return m;
    }
}
