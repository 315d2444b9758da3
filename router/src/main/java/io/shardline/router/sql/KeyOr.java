package io.shardline.router.sql;

import java.util.List;

/**
 * {@code a OR b OR ...} inside an AND-chain: a table's rows satisfy it only where one branch holds, so the shards
 * reached are the union of the branches' shards, provided every branch constrains the table's hint column.
 */
public record KeyOr(List<KeyTerms> branches, int onlyTable) {
    public KeyOr {
        branches = List.copyOf(branches);
    }
}
