package io.shardline.router.sql;

/**
 * The SQL engine of a physical server. Applications write MySQL; an H2 server (the embedded default) gets the same
 * statement with the few MySQL-only spellings translated: backslash escapes and double-quoted strings become
 * standard literals, {@code #} comments are dropped, {@code DESC t} becomes {@code SHOW COLUMNS FROM t}.
 */
public enum Dialect {
    MYSQL, H2;

    public static Dialect forJdbcUrl(String url) {
        return url != null && url.startsWith("jdbc:h2:") ? H2 : MYSQL;
    }
}
