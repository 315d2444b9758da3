package io.shardline.router;

import java.sql.SQLException;

/**
 * Every failure Shardline reports: a {@link SQLException} whose error code is the DBProxy code and whose
 * message ends with that code in parentheses, e.g. {@code hintId -5 is negative for range-split table msg (100422)}.
 * A MySQL error keeps MySQL's SQLSTATE and is chained as the cause. The message is masked by {@link Secrets}: a URL or a
 * server's text quoted in it never shows a password.
 */
public class ShardlineException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String reason;

    public ShardlineException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ShardlineException(ErrorCode code, String message, Throwable cause) {
        super(Secrets.mask(message) + " (" + code.code() + ")", sqlStateOf(code, cause), code.code(), cause);
        this.code = code;
        this.reason = Secrets.mask(message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The message without the code, for wrapping it into another message. */
    public String reason() {
        return reason;
    }

    public static ShardlineException notAllowed(String message) {
        return new ShardlineException(ErrorCode.NOT_ALLOWED, message);
    }

    public static ShardlineException notFound(String message) {
        return new ShardlineException(ErrorCode.NOT_FOUND, message);
    }

    public static ShardlineException invalid(String message) {
        return new ShardlineException(ErrorCode.INVALID_PARAMETERS, message);
    }

    private static String sqlStateOf(ErrorCode code, Throwable cause) {
        if (code == ErrorCode.MYSQL_ERROR && cause instanceof SQLException sql && sql.getSQLState() != null) {
            return sql.getSQLState();
        }
        return code.sqlState();
    }
}
