package io.shardline.router.meta;

/** One row of DBProxy's {@code split_table_info}: where hash table number {@code tableNumber} lives. */
public record SplitTableRow(String tableName, int tableNumber, String cluster, int serverId, String databaseName) {
}
