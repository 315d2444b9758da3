package io.shardline.router;

/**
 * The DBProxy error codes (dbproxy-interface spec), carried as {@link java.sql.SQLException#getErrorCode()}, and two
 * of Shardline's own in the same numbering (100504 timeout, 100507 local resources).
 * The SQLSTATE is the closest standard class so that generic JDBC tooling classifies the failure sensibly.
 */
public enum ErrorCode {
    /** Invalid SQL statement, or a disabled operation. */
    NOT_ALLOWED(100403, "42000"),
    /** Table (or shard) is not found. */
    NOT_FOUND(100404, "42S02"),
    /** Invalid parameters, including negative hints. */
    INVALID_PARAMETERS(100422, "22023"),
    /** Internal error or lost connection. */
    INTERNAL(100500, "08S01"),
    /** The physical MySQL server reported an error; the cause is chained. */
    MYSQL_ERROR(100502, "HY000"),
    /**
     * Shardline's own: a statement ran past its query timeout, or a server did not answer within the read timeout.
     * Whether a write that timed out took effect on the server is not known.
     */
    TIMEOUT(100504, "HYT00"),
    /** Metadata is not (yet) loaded. */
    UNCONFIGURED(100503, "HY000"),
    /** The query queue reached its limit. */
    QUEUE_LIMIT(100513, "HY000"),
    /** Shardline's own: this process ran out of a local resource (heap while reading or merging rows). */
    LOCAL_RESOURCES(100507, "53000");

    private final int code;
    private final String sqlState;

    ErrorCode(int code, String sqlState) {
        this.code = code;
        this.sqlState = sqlState;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a Shardline error code: " + code);
    }
}
