package io.shardline.driver;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The columns that name one row of a table, read from one shard's metadata: its PRIMARY KEY, else its first UNIQUE key
 * whose columns are all NOT NULL (InnoDB makes such a key the primary key; no two rows share its values, and a NULL
 * could not be found again by {@code =}). Empty when neither exists: two rows could then be equal in every column.
 * H2 names a shard database a schema, MySQL a catalog; both are asked.
 */
final class RowKey {

    private RowKey() {
    }

    static List<String> columns(DatabaseMetaData md, String database, String table) throws SQLException {
        List<String> key = primaryKey(md, database, null, table);
        if (key.isEmpty()) {
            key = primaryKey(md, null, database, table);
        }
        if (key.isEmpty()) {
            key = uniqueNotNull(md, database, null, table);
        }
        if (key.isEmpty()) {
            key = uniqueNotNull(md, null, database, table);
        }
        return key;
    }

    private static List<String> primaryKey(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        TreeMap<Integer, String> columns = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(columns.values());
    }

    /** The first UNIQUE index (in the metadata's order) of plain columns that are all NOT NULL; else empty. */
    private static List<String> uniqueNotNull(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        Map<String, TreeMap<Integer, String>> indexes = uniqueIndexes(md, catalog, schema, table);
        if (indexes.isEmpty()) {
            return List.of();
        }
        Set<String> notNull = new HashSet<>();
        String escape = md.getSearchStringEscape();
        String pattern = table.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
        try (ResultSet rs = md.getColumns(catalog, schema, pattern, null)) {
            while (rs.next()) {
                // a pattern: only this table's columns count, another's NOT NULL column must not vouch for ours
                if (table.equalsIgnoreCase(rs.getString("TABLE_NAME")) && "NO".equals(rs.getString("IS_NULLABLE"))) {
                    notNull.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        for (var index : indexes.entrySet()) {
            // an expression key part (a null column) has no column to compare
            if (!index.getValue().containsValue(null) && index.getValue().values().stream()
                    .allMatch(c -> notNull.contains(c.toLowerCase(Locale.ROOT)))) {
                return new ArrayList<>(index.getValue().values());
            }
        }
        return List.of();
    }

    /**
     * The table's UNIQUE indexes in the metadata's order, each its columns by position; an expression key part is a
     * null column.
     */
    static Map<String, TreeMap<Integer, String>> uniqueIndexes(DatabaseMetaData md, String catalog, String schema,
                                                               String table) throws SQLException {
        Map<String, TreeMap<Integer, String>> indexes = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, table, true, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                if (index != null && !rs.getBoolean("NON_UNIQUE")) {
                    indexes.computeIfAbsent(index, k -> new TreeMap<>())
                            .put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                }
            }
        }
        return indexes;
    }
}
