package io.shardline.router.sql;

/** A column as written: {@code qualifier} is a table name or alias (null when unqualified), in {@code scope}. */
public record ColumnRef(String qualifierSchema, String qualifier, String column, int scope) {
}
