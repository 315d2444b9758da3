package io.shardline.router.meta;

import java.util.List;
import java.util.Map;

/**
 * The raw rows of a metadata store, as every store reads them (MySQL, H2, YAML), before validation.
 * {@code variables} is DBProxy's {@code variable_setting} (name to value); {@code updateStamp} is the store's
 * change marker (DBProxy's "DBProxy config data update" mtime, or the YAML file's modification time).
 */
public record SplitConfig(List<ServerRow> servers, List<TableRow> tables, List<SplitTableRow> splitTables,
                          List<SplitRangeRow> splitRanges, Map<String, String> variables,
                          List<TableOptionRow> tableOptions, List<ServerOptionRow> serverOptions, long updateStamp) {

    public static final String DEFAULT_SPAN = "default split range span";
    public static final String SECONDARY_NUMBER_BASE = "secondary split number base";
    public static final String UPDATE_MARKER = "DBProxy config data update";

    public SplitConfig {
        servers = List.copyOf(servers);
        tables = List.copyOf(tables);
        splitTables = List.copyOf(splitTables);
        splitRanges = List.copyOf(splitRanges);
        variables = Map.copyOf(variables);
        tableOptions = List.copyOf(tableOptions);
        serverOptions = List.copyOf(serverOptions);
    }

    public SplitConfig withServers(List<ServerRow> newServers) {
        return new SplitConfig(newServers, tables, splitTables, splitRanges, variables, tableOptions, serverOptions,
                updateStamp);
    }
}
