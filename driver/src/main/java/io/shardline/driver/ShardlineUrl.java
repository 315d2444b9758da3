package io.shardline.driver;

import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.router.ShardlineException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed {@code jdbc:shardline:} URL. Three metadata stores:
 * <ul>
 *   <li>{@code jdbc:shardline:h2:<h2 path>[;h2 options][?params]} — DBProxy's tables in an H2 database (the embedded default)</li>
 *   <li>{@code jdbc:shardline:mysql://host:port/<config db>[?params]} — a DBProxy {@code dbproxy_config} database</li>
 *   <li>{@code jdbc:shardline:file:<path>.yaml[?params]} — a YAML topology</li>
 * </ul>
 * Parameters come from the {@link Properties} first, then the URL's query, which wins. Unknown parameters are an
 * error, except on the MySQL store, where they are handed to the connector of the config database.
 */
public record ShardlineUrl(String url, Store store, String target, Map<String, String> params,
                           Map<String, String> connectorParams) {

    public static final String PREFIX = "jdbc:shardline:";

    public enum Store { H2, MYSQL, FILE }

    /** Every parameter Shardline itself reads, with its meaning (also the text of the README's table). */
    public static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("user", "account of the metadata store (MySQL config database, H2 file)"),
            Map.entry("password", "password of the metadata store"),
            Map.entry("serverUser", "account for every physical server, instead of server_info.user"),
            Map.entry("serverPassword", "password for every physical server, instead of server_info.passwd"),
            Map.entry("cluster", "DBProxy cluster (business group) whose tables this connection sees; default ''"),
            Map.entry("database", "name of the logical database, accepted as a table qualifier; default 'shardline'"),
            Map.entry("checkInterval", "seconds between checks of the store's update stamp; 0 turns checks off; default 30"),
            Map.entry("maxPoolSize", "physical connections per server; default 10"),
            Map.entry("minIdle", "idle connections a server's pool keeps once the server is in use (none before);"
                    + " default 1"),
            Map.entry("idleTimeout", "milliseconds a connection beyond minIdle may sit idle before it is closed"
                    + " (at least 10000); default 60000"),
            Map.entry("connectTimeout", "milliseconds a statement may wait for a physical connection; default 10000"),
            Map.entry("socketTimeout", "milliseconds a read from a MySQL server may wait (0: no bound); default 60000"),
            Map.entry("queryTimeout", "seconds every statement may run, as Statement.setQueryTimeout (0: no bound); default 0"),
            Map.entry("probeInterval", "milliseconds between health pings of each MySQL server in use (0: none); default 1000"),
            Map.entry("probeTimeout", "milliseconds a ping may take before its server is marked down; default 2000"),
            Map.entry("defaultFetchSize", "rows fetched at a time by statements that set no fetch size (0: all at once); default 0"),
            Map.entry("enableConfuse", "server_info user/passwd are confused the DBProxy way (DBProxy.ConfigureDB.enableConfuse)"),
            Map.entry("secretKey", "base64 AES key for enc:v1: passwords (else SHARDLINE_SECRET_KEY, shardline.secretKey, secretKeyFile)"),
            Map.entry("secretKeyFile", "file holding the base64 AES key for enc:v1: passwords"),
            Map.entry("sqlCacheSize", "parsed statements kept; default 10000"),
            Map.entry("executorThreads", "threads running the units of multi-shard statements; default 2 x CPUs, at least 4"),
            Map.entry("executorQueueSize", "units that may wait for a thread before statements fail with 100513; default 256"),
            Map.entry("maxConnectionsPerQuery", "physical connections one multi-shard statement may hold; default 8"),
            Map.entry("inlineMicros", "a multi-shard statement faster than this in parallel also tries the calling"
                    + " thread alone and keeps whichever was faster; 0 turns it off; default 10000"),
            Map.entry("maxMergeRows", "rows a multi-shard merge may hold in memory (groups, DISTINCT, sorts); default 100000"),
            Map.entry("maxGatherRows", "rows one statement may copy from shards into an evaluation server's temporary"
                    + " tables (joins across shards, UNION, GROUP_CONCAT...); default 1000000"),
            Map.entry("maxWriteValues", "values (rows x columns) an INSERT .. SELECT over several shards may hold in"
                    + " memory before it writes them; default 1000000"),
            Map.entry("maxReplicaLag", "seconds a replica may report itself behind its master and still serve reads;"
                    + " -1: replicas are not watched; default 5"),
            Map.entry("replicaCheckInterval", "milliseconds between checks of each replica's replication status; default 1000"),
            Map.entry("readYourWrites", "milliseconds after a write during which the connection's reads go to the"
                    + " masters; 0: off; default 0"),
            Map.entry("transactions", "local (a transaction stays on one server) or xa (MySQL XA across servers);"
                    + " default local"),
            Map.entry("slowStatementMillis", "statements taking at least this many ms are logged at WARN on"
                    + " io.shardline.sql.slow; 0: none; default 0"),
            Map.entry("logParameters", "the SQL log (io.shardline.sql) shows bound values instead of ?; default false"),
            Map.entry("xaRecoveryInterval", "milliseconds between passes of XA recovery; default 5000"),
            Map.entry("xaAbandonAfter", "milliseconds an XA branch without a decision stays prepared before recovery"
                    + " rolls it back; default 10000"));

    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    public static ShardlineUrl parse(String url, Properties info) throws ShardlineException {
        if (!accepts(url)) {
            throw ShardlineException.invalid("not a Shardline URL (expected " + PREFIX + "h2:|mysql:|file:...): " + redact(url));
        }
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String location = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> all = new TreeMap<>();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                all.put(name, info.getProperty(name));
            }
        }
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                all.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        Store store;
        String target;
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("h2:")) {
            store = Store.H2;
            target = "jdbc:h2:" + location.substring(3);
        } else if (lower.startsWith("mysql:")) {
            store = Store.MYSQL;
            target = "jdbc:" + location;
            if (!location.startsWith("mysql://")) {
                throw ShardlineException.invalid("a MySQL store is jdbc:shardline:mysql://host:port/config_db, not " + redact(url));
            }
        } else if (lower.startsWith("file:")) {
            store = Store.FILE;
            target = location.substring(5);
        } else {
            throw ShardlineException.invalid("unknown Shardline store in " + redact(url) + "; use h2:, mysql: or file:");
        }
        if (target.isBlank() || target.equals("jdbc:h2:")) {
            throw ShardlineException.invalid("the Shardline URL names no store location: " + redact(url));
        }
        Map<String, String> params = new TreeMap<>();
        Map<String, String> connector = new TreeMap<>();
        for (var e : all.entrySet()) {
            if (KNOWN.containsKey(e.getKey())) {
                params.put(e.getKey(), e.getValue());
            } else if (store == Store.MYSQL) {
                connector.put(e.getKey(), e.getValue());
            } else {
                throw ShardlineException.invalid("unknown parameter '" + e.getKey() + "' in " + redact(url)
                        + "; Shardline's parameters are " + new java.util.TreeSet<>(KNOWN.keySet()));
            }
        }
        return new ShardlineUrl(url, store, target, Map.copyOf(params), Map.copyOf(connector));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with its secrets masked (parameters, H2 settings, {@code user:password@}), for messages and logs. */
    public static String redact(String url) {
        return io.shardline.router.Secrets.mask(url);
    }

    public String param(String name, String fallback) {
        String v = params.get(name);
        return v == null ? fallback : v;
    }

    public int intParam(String name, int fallback, int min) throws ShardlineException {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw ShardlineException.invalid("parameter " + name + " must be at least " + min + ", is " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ShardlineException.invalid("parameter " + name + " must be an integer, is '" + v + "'");
        }
    }

    public boolean boolParam(String name) throws ShardlineException {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        if (Set.of("true", "1", "yes").contains(v.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (Set.of("false", "0", "no").contains(v.toLowerCase(Locale.ROOT))) {
            return false;
        }
        throw ShardlineException.invalid("parameter " + name + " must be true or false, is '" + v + "'");
    }

    /** The JDBC URL of an SQL store (H2 in MySQL mode, or the MySQL config database); null for a YAML file. */
    public String storeJdbcUrl() {
        return switch (store) {
            case H2 -> JdbcMetadataStore.h2Url(target);
            case MYSQL -> target;
            case FILE -> null;
        };
    }

    /** What to open an SQL store with: the config database's connector parameters, and the store's account. */
    public Properties storeProperties() {
        Properties p = new Properties();
        if (store == Store.MYSQL) {
            p.putAll(connectorParams);
        }
        for (String name : new String[] {"user", "password"}) {
            if (params.containsKey(name)) {
                p.setProperty(name, params.get(name));
            }
        }
        return p;
    }

    public String cluster() {
        return param("cluster", "");
    }

    public String logicalDatabase() {
        return param("database", "shardline");
    }

    /** What identifies a shareable runtime: the store and every parameter (passwords included, never printed). */
    String runtimeKey() {
        return store + "\n" + target + "\n" + params + "\n" + connectorParams;
    }

    @Override
    public String toString() {
        return redact(url);
    }
}
