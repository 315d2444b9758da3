package io.shardline.router.merge;

/**
 * How merges compare strings, so they agree with the servers that sorted and grouped each shard's rows.
 * {@link #MYSQL_CI}: MySQL's default {@code utf8mb4_general_ci} — case-insensitive, Latin accents folded, trailing
 * spaces ignored. {@link #BINARY}: by code point, as H2 (and MySQL's {@code _bin} collations) compare.
 */
public enum Collation {
    MYSQL_CI, BINARY
}
