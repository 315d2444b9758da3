package io.shardline.router.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a YAML topology. Its sections and keys are the DBProxy table and column names
 * ({@code server_info}, {@code table_info}, {@code split_table_info}, {@code split_range_info},
 * {@code variable_setting}) plus Shardline's {@code table_option} and {@code server_option}, so a YAML file and a
 * config database describe the same model with the same words. Unknown keys are errors: a typo must not silently
 * become a default.
 */
public final class YamlSplitConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SECTIONS = Set.of("server_info", "table_info", "split_table_info",
            "split_range_info", "variable_setting", "table_option", "server_option");

    private YamlSplitConfig() {
    }

    /** Parses the YAML text; passwords stay as written (plain or {@code enc:v1:...}), decoded later by the store. */
    public static SplitConfig parse(Reader reader, long updateStamp) throws IOException {
        JsonNode root = YAML.readTree(reader);
        if (root == null || !root.isObject()) {
            throw new IOException("a Shardline topology file must be a YAML mapping with sections " + SECTIONS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!SECTIONS.contains(name)) {
                throw new IOException("unknown section '" + name + "'; expected one of " + SECTIONS);
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode vars = root.path("variable_setting");
        if (!vars.isMissingNode() && !vars.isNull()) {
            if (!vars.isObject()) {
                throw new IOException("variable_setting must map variable names to values");
            }
            vars.fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        }
        return new SplitConfig(
                rows(root, "server_info", Set.of("server_id", "master_sid", "host", "port", "user", "passwd", "timeout",
                        "default_database_name"), r -> new ServerRow(r.integer("server_id", null), r.integer("master_sid", 0),
                        r.text("host", ""), r.integer("port", 3306), r.text("user", ""), Secret.of(r.text("passwd", "")),
                        r.integer("timeout", 0), r.text("default_database_name", ""))),
                rows(root, "table_info", Set.of("table_name", "cluster", "split_type", "range_span", "database_category",
                        "secondary_split", "secondary_split_span", "table_count", "hint_field"), r -> new TableRow(
                        r.text("table_name", null), r.text("cluster", ""), r.integer("split_type", null),
                        r.longValue("range_span", -1), r.text("database_category", ""), r.bool("secondary_split"),
                        r.longValue("secondary_split_span", 0), r.integer("table_count", 0), r.text("hint_field", ""))),
                rows(root, "split_table_info", Set.of("table_name", "table_number", "cluster", "server_id", "database_name"),
                        r -> new SplitTableRow(r.text("table_name", null), r.integer("table_number", null), r.text("cluster", ""),
                                r.integer("server_id", null), r.text("database_name", null))),
                rows(root, "split_range_info", Set.of("database_category", "split_index", "index_type", "cluster",
                        "database_name", "server_id"), r -> new SplitRangeRow(r.text("database_category", null),
                        r.integer("split_index", null), r.integer("index_type", 0), r.text("cluster", ""),
                        r.text("database_name", null), r.integer("server_id", null))),
                variables,
                rows(root, "table_option", Set.of("table_name", "cluster", "full_table_scan", "table_kind", "hint_type",
                        "single_server_id", "single_database_name"),
                        r -> new TableOptionRow(r.text("table_name", null), r.text("cluster", ""), r.bool("full_table_scan"),
                                r.text("table_kind", "sharded"), r.text("hint_type", "int"),
                                r.has("single_server_id") ? r.integer("single_server_id", null) : null,
                                r.optional("single_database_name"))),
                rows(root, "server_option", Set.of("server_id", "read_weight", "jdbc_url"),
                        r -> new ServerOptionRow(r.integer("server_id", null),
                                r.has("read_weight") ? r.integer("read_weight", null) : null, r.optional("jdbc_url"))),
                updateStamp);
    }

    private static <T> List<T> rows(JsonNode root, String section, Set<String> columns, Function<Row, T> map)
            throws IOException {
        JsonNode list = root.path(section);
        List<T> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IOException(section + " must be a list of rows");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String where = section + "[" + i + "]";
            if (!node.isObject()) {
                throw new IOException(where + " must be a mapping of column names to values");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!columns.contains(name)) {
                    throw new IOException(where + " has unknown column '" + name + "'; columns are " + columns);
                }
            }
            try {
                out.add(map.apply(new Row(node, where)));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return out;
    }

    private record Row(JsonNode node, String where) {
        boolean has(String name) {
            return node.has(name) && !node.get(name).isNull();
        }

        String optional(String name) {
            return has(name) ? node.get(name).asText() : null;
        }

        /** The column's text; a null fallback makes the column required. */
        String text(String name, String fallback) {
            if (!has(name)) {
                if (fallback == null) {
                    throw new IllegalArgumentException(where + " needs '" + name + "'");
                }
                return fallback;
            }
            return node.get(name).asText();
        }

        long longValue(String name, long fallback) {
            if (!has(name)) {
                return fallback;
            }
            JsonNode v = node.get(name);
            if (v.isIntegralNumber()) {
                return v.asLong();
            }
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + " '" + name + "' must be an integer, is '" + v.asText() + "'");
            }
        }

        int integer(String name, Integer fallback) {
            if (!has(name) && fallback == null) {
                throw new IllegalArgumentException(where + " needs '" + name + "'");
            }
            long v = longValue(name, fallback == null ? 0 : fallback);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + " '" + name + "' is out of range: " + v);
            }
            return (int) v;
        }

        boolean bool(String name) {
            if (!has(name)) {
                return false;
            }
            JsonNode v = node.get(name);
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            String t = v.asText().trim();
            if (t.equals("1") || t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equals("0") || t.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException(where + " '" + name + "' must be true/false or 1/0, is '" + t + "'");
        }
    }
}
