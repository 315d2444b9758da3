package io.shardline.router.route;

/**
 * An explicit routing hint, from the statement API or a {@code /*+ shardline(...) *}{@code /} comment.
 * {@code value} (nullable) overrides the SQL's key values for {@code table}, or for every sharded table of the
 * statement when {@code table} is null; {@code master} forces a read to the master.
 */
public record Hint(HintValue value, String table, boolean master) {
    public static final Hint NONE = new Hint(null, null, false);

    public boolean isNone() {
        return value == null && table == null && !master;
    }

    /** This hint with {@code other}'s fields where {@code other} sets them. */
    public Hint overriddenBy(Hint other) {
        if (other == null || other.isNone()) {
            return this;
        }
        return new Hint(other.value != null ? other.value : value, other.value != null ? other.table : table,
                master || other.master);
    }
}
