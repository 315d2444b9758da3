package io.shardline.admin;

import io.shardline.driver.ShardlineUrl;
import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.driver.store.MetadataStore;
import io.shardline.driver.store.MigrationCheck;
import io.shardline.driver.store.StoreImport;
import io.shardline.driver.store.YamlMetadataStore;
import io.shardline.router.Secrets;
import io.shardline.router.meta.SplitConfig;
import io.shardline.router.meta.YamlSplitConfig;
import io.shardline.router.meta.YamlSplitWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The store tools on the command line:
 * <pre>
 * metadata import &lt;topology.yaml&gt; --store &lt;url&gt; [--replace]   a YAML topology into any SQL store
 * metadata export --store &lt;url&gt; [--out &lt;file.yaml&gt;]          a store's metadata as a YAML topology
 * metadata check  --store &lt;url&gt;                              what to fix before applications switch
 * </pre>
 * {@code <url>} is a {@code jdbc:shardline:} URL with the store's account (and the servers' for check). Exit status 0
 * on success and a clean check, 1 on a failure or problems found, 2 on a wrong command line.
 */
final class MetadataCli {
    static final String USAGE = """
            usage: metadata import <topology.yaml> --store <jdbc:shardline:... url> [--replace]
                   metadata export --store <url> [--out <file.yaml>]
                   metadata check  --store <url>""";

    private MetadataCli() {
    }

    /** {@code args[0]} is "metadata". */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        String store = null;
        String file = null;
        boolean replace = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> store = i + 1 < args.length ? args[++i] : null;
                case "--out" -> file = i + 1 < args.length ? args[++i] : null;
                case "--replace" -> replace = true;
                default -> positional.add(args[i]);
            }
        }
        String command = positional.isEmpty() ? "" : positional.get(0);
        if (store == null || !(command.equals("import") && positional.size() == 2
                || (command.equals("export") || command.equals("check")) && positional.size() == 1)) {
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (command) {
                case "import" -> importYaml(Path.of(positional.get(1)), store, replace, out);
                case "export" -> export(store, file == null ? null : Path.of(file), out);
                default -> check(store, out);
            };
        } catch (SQLException | IOException | RuntimeException e) {
            err.println("metadata " + command + " failed: " + Secrets.mask(String.valueOf(e.getMessage())));
            return 1;
        }
    }

    private static int importYaml(Path yaml, String store, boolean replace, PrintStream out)
            throws IOException, SQLException {
        SplitConfig config;
        try (Reader r = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
            config = YamlSplitConfig.parse(r, 0);
        }
        ShardlineUrl url = ShardlineUrl.parse(store, new Properties());
        if (url.store() == ShardlineUrl.Store.FILE) {
            throw new IOException("a YAML store is the file itself: copy " + yaml + " to " + url.target());
        }
        try (Connection c = DriverManager.getConnection(url.storeJdbcUrl(), url.storeProperties())) {
            int rows = StoreImport.into(c, config, replace);
            out.println("imported " + rows + " rows (" + config.servers().size() + " servers, " + config.tables().size()
                    + " tables) into " + url);
        }
        return 0;
    }

    private static int export(String store, Path file, PrintStream out) throws IOException, SQLException {
        ShardlineUrl url = ShardlineUrl.parse(store, new Properties());
        MetadataStore source = url.store() == ShardlineUrl.Store.FILE ? new YamlMetadataStore(Path.of(url.target()))
                : new JdbcMetadataStore(url.storeJdbcUrl(), url.storeProperties());
        try (source) {
            SplitConfig config = source.load(); // as stored: sealed and confused passwords stay so
            if (file == null) {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                YamlSplitWriter.write(config, w);
                w.flush();
            } else {
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    YamlSplitWriter.write(config, w);
                }
                out.println("exported " + config.servers().size() + " servers and " + config.tables().size()
                        + " tables of " + url + " to " + file);
            }
        }
        return 0;
    }

    private static int check(String store, PrintStream out) throws SQLException {
        MigrationCheck.Report report = MigrationCheck.run(store, null);
        out.print(report.text());
        return report.clean() ? 0 : 1;
    }
}
