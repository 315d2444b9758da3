package io.shardline.router.sql;

/** {@code column = value} in UPDATE ... SET, INSERT ... SET, or ON DUPLICATE KEY UPDATE ({@code onDuplicate}). */
public record Assignment(ColumnRef column, ValueRef value, boolean onDuplicate) {
}
