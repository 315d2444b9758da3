package io.shardline.router.sql;

/**
 * A table reference in the SQL: {@code [schema.]name [alias]}; {@code [start, end)} spans the name (with its
 * schema) in the original text; {@code scope} is the SELECT (or statement) it belongs to.
 */
public record TableRef(String schema, String name, String alias, int start, int end, int scope) {
    /** The name by which columns of this reference are qualified. */
    public String exposedName() {
        return alias != null ? alias : name;
    }
}
