package io.shardline.router.meta;

/**
 * One row of DBProxy's {@code split_range_info}: slot {@code splitIndex} of a database category.
 * {@code indexType} 0 is a normal slot, 1 its odd database, 2 its even database.
 */
public record SplitRangeRow(String databaseCategory, int splitIndex, int indexType, String cluster,
                            String databaseName, int serverId) {
}
