package io.shardline.router.sql;

import java.util.List;

/**
 * The rows of an INSERT or REPLACE into table reference {@code table}. {@code columns} is null when the statement
 * names no columns; {@code fromSelect} marks INSERT ... SELECT, whose rows Shardline cannot see. {@code columnList}
 * spans the column names inside their parentheses (null for the {@code SET} form); {@code rowTexts} locate each row,
 * so a multi-shard plan can send each shard only its rows and add generated ids.
 */
public record InsertRows(int table, List<String> columns, List<List<ValueRef>> rows, boolean fromSelect,
                         int[] columnList, List<RowText> rowTexts) {
    public InsertRows {
        columns = columns == null ? null : List.copyOf(columns);
        rows = List.copyOf(rows);
        rowTexts = List.copyOf(rowTexts);
    }

    /**
     * One row in the text: {@code [start, end)} spans its parentheses ({@code -1} for the {@code SET} form), and
     * each value its own span.
     */
    public record RowText(int start, int end, int[] valueStarts, int[] valueEnds) {
    }
}
