package io.shardline.router.sql;

import java.util.List;

/**
 * The rows of an INSERT or REPLACE into table reference {@code table}. {@code columns} is null when the statement
 * names no columns; {@code fromSelect} marks INSERT ... SELECT, whose rows Shardline cannot see.
 */
public record InsertRows(int table, List<String> columns, List<List<ValueRef>> rows, boolean fromSelect) {
    public InsertRows {
        columns = columns == null ? null : List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
