package io.shardline.router.sql;

/**
 * A table name used as a qualifier ({@code msg.id}, {@code shardline.msg.id}, {@code msg.*}) or as a multi-table
 * DELETE target; {@code [start, end)} spans {@code [schema.]table}. It is rewritten when {@code table} names a
 * logical table of the statement rather than an alias.
 */
public record QualifierRef(String schema, String table, int start, int end) {
}
