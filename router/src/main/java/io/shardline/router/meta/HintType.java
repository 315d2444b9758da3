package io.shardline.router.meta;

/**
 * What the hint column holds. DBProxy callers choose per call ({@code query} vs {@code sQuery}); a JDBC caller
 * only has values, so the table says how to read them. Range tables are always {@link #INT}.
 */
public enum HintType {
    /** Integer hints; a numeric string such as '123' is read as the integer. */
    INT,
    /** String hints, hashed with lookup3; numbers are hashed by their decimal text. */
    STRING;

    public static HintType parse(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("int")) {
            return INT;
        }
        if (text.equalsIgnoreCase("string")) {
            return STRING;
        }
        throw new IllegalArgumentException("hint_type must be 'int' or 'string', not '" + text + "'");
    }
}
