package io.shardline.driver.exec;

import io.shardline.router.meta.Server;

/**
 * The JDBC URLs Shardline opens physical connections with, and what every MySQL session gets first. A server's
 * {@code server_option.jdbc_url} replaces the MySQL URL (an H2 server, extra connector options); a MySQL one keeps
 * its own options and gains each of Shardline's it does not set.
 */
final class PhysicalUrls {
    /**
     * The sql_mode flags that change how the server reads SQL text ({@code "} strings, backslashes, {@code ||},
     * {@code NOT} precedence, spaces before parentheses) and the combination modes that turn them on: Shardline's
     * parser reads MySQL's default syntax, so every session of a pooled connection drops them.
     */
    static final String[] LEXICAL_MODES = {"ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "PIPES_AS_CONCAT",
        "HIGH_NOT_PRECEDENCE", "IGNORE_SPACE", "ANSI", "ORACLE", "MSSQL", "DB2", "POSTGRESQL", "MAXDB", "MYSQL323",
        "MYSQL40"};

    private PhysicalUrls() {
    }

    static boolean isMySql(Server s) {
        return s.jdbcUrl() == null || s.jdbcUrl().startsWith("jdbc:mysql:") || s.jdbcUrl().startsWith("jdbc:mariadb:");
    }

    /**
     * The connector options every MySQL connection gets: Connector/J's statement cache and batch rewriting, and no
     * round trip to read back session state the driver set itself.
     */
    static final String PERFORMANCE_OPTIONS = "characterEncoding=UTF-8&cachePrepStmts=true&prepStmtCacheSize=256"
            + "&prepStmtCacheSqlLimit=4096&rewriteBatchedStatements=true&useLocalSessionState=true";

    /**
     * The URL of a server's pooled connections. A MySQL {@code jdbc_url} keeps its own options and gains each of
     * Shardline's it does not set (a URL that sets {@code cachePrepStmts=false} keeps it off); other URLs (H2) are
     * used as they are.
     */
    static String pooled(Server s, PoolSettings settings) {
        String timeouts = "connectTimeout=" + (s.timeoutSeconds() > 0 ? s.timeoutSeconds() * 1000 : 10_000)
                + (settings.socketTimeoutMillis() > 0 ? "&socketTimeout=" + settings.socketTimeoutMillis() : "");
        if (s.jdbcUrl() == null) {
            return "jdbc:mysql://" + s.host() + ":" + s.port() + "/?" + timeouts + "&" + PERFORMANCE_OPTIONS;
        }
        return isMySql(s) ? withMissing(s.jdbcUrl(), timeouts + "&" + PERFORMANCE_OPTIONS) : s.jdbcUrl();
    }

    /** {@code url} with each {@code name=value} of {@code options} it does not name already (names ignore case). */
    static String withMissing(String url, String options) {
        int q = url.indexOf('?');
        java.util.Set<String> named = new java.util.HashSet<>();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                named.add((eq < 0 ? pair : pair.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        StringBuilder add = new StringBuilder();
        for (String pair : options.split("&")) {
            String name = pair.substring(0, pair.indexOf('=')).toLowerCase(java.util.Locale.ROOT);
            if (!named.contains(name)) {
                add.append(add.length() == 0 ? "" : "&").append(pair);
            }
        }
        return add.length() == 0 ? url : withParams(url, add.toString());
    }

    /** The URL of the health probe's connection: the server's, with the probe's timeout on connecting and reading. */
    static String probe(Server s, PoolSettings settings) {
        String timeouts = "connectTimeout=" + settings.probeTimeoutMillis() + "&socketTimeout=" + settings.probeTimeoutMillis();
        if (s.jdbcUrl() == null) {
            return "jdbc:mysql://" + s.host() + ":" + s.port() + "/?" + timeouts;
        }
        String without = s.jdbcUrl().replaceAll("(?i)([?&])(connectTimeout|socketTimeout)=[^&]*&?", "$1");
        return withParams(without, timeouts);
    }

    private static String withParams(String url, String params) {
        if (url.indexOf('?') < 0) {
            return url + "?" + params;
        }
        return url.endsWith("?") || url.endsWith("&") ? url + params : url + "&" + params;
    }

    /** What a new MySQL session runs before use: the lexical sql_mode flags dropped (null for other servers). */
    static String sessionInit(Server s) {
        if (!isMySql(s)) {
            return null;
        }
        String expr = "CONCAT(',', @@SESSION.sql_mode, ',')";
        for (String mode : LEXICAL_MODES) {
            expr = "REPLACE(" + expr + ", '," + mode + ",', ',')";
        }
        return "SET SESSION sql_mode = TRIM(BOTH ',' FROM " + expr + ")";
    }
}
