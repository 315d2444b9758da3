package io.shardline.router.merge;

/**
 * Column numbers in merge specs: {@code >= 0} is the caller's column (0-based); {@code -1 - k} is the k-th hidden
 * column Shardline appended after them. Physical rows place hidden column k at {@code width - hidden + k}.
 */
public final class Columns {
    private Columns() {
    }

    /** The 0-based index of {@code column} in a physical row of {@code width} columns with {@code hidden} hidden ones. */
    public static int index(int column, int width, int hidden) {
        return column >= 0 ? column : width - hidden + (-1 - column);
    }

    /** How plans print a column: 1-based for the caller's, {@code h1}, {@code h2}... for hidden ones. */
    public static String name(int column) {
        return column >= 0 ? Integer.toString(column + 1) : "h" + (-column);
    }
}
