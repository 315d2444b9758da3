package io.shardline.router.meta;

/**
 * One row of Shardline's {@code table_option}, beside DBProxy's tables. A table without a row has every default:
 * full-table scans off, kind {@code sharded}, integer hints.
 */
public record TableOptionRow(String tableName, String cluster, boolean fullTableScan, String tableKind,
                             String hintType) {
}
