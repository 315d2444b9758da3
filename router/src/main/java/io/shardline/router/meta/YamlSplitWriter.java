package io.shardline.router.meta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a metadata snapshot as the YAML topology {@link YamlSplitConfig} reads: the same sections and column names,
 * every row, defaults included, so the file says exactly what the store said. Passwords are written as stored
 * (sealed {@code enc:v1:}, DBProxy-confused or plain), never decoded: an export is a copy of the store, not a view.
 */
public final class YamlSplitWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private YamlSplitWriter() {
    }

    public static void write(SplitConfig c, Writer out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("server_info", rows(c.servers(), r -> row("server_id", r.serverId(), "master_sid", r.masterSid(),
                "host", r.host(), "port", r.port(), "user", r.user(), "passwd", r.passwd().reveal(), "timeout", r.timeout(),
                "default_database_name", r.defaultDatabaseName())));
        root.put("table_info", rows(c.tables(), r -> row("table_name", r.tableName(), "cluster", r.cluster(),
                "split_type", r.splitType(), "range_span", r.rangeSpan(), "database_category", r.databaseCategory(),
                "secondary_split", r.secondarySplit() ? 1 : 0, "secondary_split_span", r.secondarySplitSpan(),
                "table_count", r.tableCount(), "hint_field", r.hintField())));
        root.put("split_table_info", rows(c.splitTables(), r -> row("table_name", r.tableName(), "table_number",
                r.tableNumber(), "cluster", r.cluster(), "server_id", r.serverId(), "database_name", r.databaseName())));
        root.put("split_range_info", rows(c.splitRanges(), r -> row("database_category", r.databaseCategory(),
                "split_index", r.splitIndex(), "index_type", r.indexType(), "cluster", r.cluster(),
                "database_name", r.databaseName(), "server_id", r.serverId())));
        root.put("variable_setting", new LinkedHashMap<>(new java.util.TreeMap<>(c.variables())));
        root.put("table_option", rows(c.tableOptions(), r -> row("table_name", r.tableName(), "cluster", r.cluster(),
                "full_table_scan", r.fullTableScan() ? 1 : 0, "table_kind", r.tableKind(), "hint_type", r.hintType(),
                "single_server_id", r.singleServerId(), "single_database_name", r.singleDatabaseName())));
        root.put("server_option", rows(c.serverOptions(), r -> row("server_id", r.serverId(), "read_weight",
                r.readWeight(), "jdbc_url", r.jdbcUrl())));
        YAML.writeValue(out, root);
    }

    private static <T> List<Map<String, Object>> rows(List<T> rows, java.util.function.Function<T, Map<String, Object>> f) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (T r : rows) {
            out.add(f.apply(r));
        }
        return out;
    }

    /** A row's columns in order; a null value is left out (the reader's default for it is null too). */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                m.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return m;
    }
}
