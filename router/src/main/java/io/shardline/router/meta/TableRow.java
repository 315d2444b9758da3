package io.shardline.router.meta;

/**
 * One row of DBProxy's {@code table_info}. {@code splitType} 0 is hash ("mod"), 1 is range.
 * {@code rangeSpan} below zero means the default span; zero means unsplit (slot 0).
 * {@code cluster} is "" in the standard (non-cluster) layout.
 */
public record TableRow(String tableName, String cluster, int splitType, long rangeSpan, String databaseCategory,
                       boolean secondarySplit, long secondarySplitSpan, int tableCount, String hintField) {
}
