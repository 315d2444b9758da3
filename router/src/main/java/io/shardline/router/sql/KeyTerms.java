package io.shardline.router.sql;

import java.util.List;

/** The key predicates of one AND-chain: a WHERE or ON clause, or one branch of an OR. */
public record KeyTerms(List<Condition> conditions, List<KeyRange> ranges, List<KeyOr> ors) {
    public KeyTerms {
        conditions = List.copyOf(conditions);
        ranges = List.copyOf(ranges);
        ors = List.copyOf(ors);
    }
}
