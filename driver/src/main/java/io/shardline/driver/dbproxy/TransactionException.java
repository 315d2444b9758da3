package io.shardline.driver.dbproxy;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;

/**
 * A failed {@code transaction}/{@code sTransaction}: the code says why (100403 refused, 100404 not found, 100502 MySQL
 * error, 100500 lost connection) and {@link #index()} which statement, as DBProxy's "Excepted index". Nothing of the
 * transaction is left applied.
 */
public final class TransactionException extends ShardlineException {
    private static final long serialVersionUID = 1L;

    private final int index;

    TransactionException(ErrorCode code, int index, String message, Throwable cause) {
        super(code, message, cause);
        this.index = index;
    }

    /** The 0-based index of the statement that failed, or -1 when the commit itself failed. */
    public int index() {
        return index;
    }
}
