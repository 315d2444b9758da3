package io.shardline.driver.exec;

import io.shardline.router.meta.Server;

/**
 * The JDBC URLs Shardline opens physical connections with, and what every MySQL session gets first. A server's
 * {@code server_option.jdbc_url} replaces the MySQL URL (an H2 server, extra connector options); Shardline still adds
 * its read timeout to a MySQL one that sets none.
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

    /** The URL of a server's pooled connections. */
    static String pooled(Server s, PoolSettings settings) {
        if (s.jdbcUrl() != null) {
            return isMySql(s) && settings.socketTimeoutMillis() > 0 && !s.jdbcUrl().contains("socketTimeout=")
                    ? withParams(s.jdbcUrl(), "socketTimeout=" + settings.socketTimeoutMillis()) : s.jdbcUrl();
        }
        int connectTimeout = s.timeoutSeconds() > 0 ? s.timeoutSeconds() * 1000 : 10_000;
        return "jdbc:mysql://" + s.host() + ":" + s.port() + "/"
                + "?connectTimeout=" + connectTimeout
                + (settings.socketTimeoutMillis() > 0 ? "&socketTimeout=" + settings.socketTimeoutMillis() : "")
                + "&characterEncoding=UTF-8"
                + "&cachePrepStmts=true&prepStmtCacheSize=256&prepStmtCacheSqlLimit=4096"
                + "&rewriteBatchedStatements=true"
                + "&useLocalSessionState=true";
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
