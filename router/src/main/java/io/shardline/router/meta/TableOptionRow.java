package io.shardline.router.meta;

/**
 * One row of Shardline's {@code table_option}, beside DBProxy's tables. A table without a row has every default:
 * full-table scans off, kind {@code sharded}, integer hints. {@code singleServerId}/{@code singleDatabaseName} place a
 * table of kind {@code single} (null otherwise).
 */
public record TableOptionRow(String tableName, String cluster, boolean fullTableScan, String tableKind,
                             String hintType, Integer singleServerId, String singleDatabaseName) {

    /** A row without a single-table placement (kinds {@code sharded} and {@code broadcast}). */
    public TableOptionRow(String tableName, String cluster, boolean fullTableScan, String tableKind, String hintType) {
        this(tableName, cluster, fullTableScan, tableKind, hintType, null, null);
    }
}
