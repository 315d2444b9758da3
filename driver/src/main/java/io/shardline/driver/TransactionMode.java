package io.shardline.driver;

import io.shardline.router.ShardlineException;
import java.util.Locale;

/**
 * How a logical connection's transactions use servers: {@code LOCAL} keeps a transaction on one server (a second one is
 * refused with 100403) and commits multi-server autocommit writes server by server; {@code XA} lets a transaction span
 * servers with MySQL XA, and makes multi-server autocommit writes atomic the same way. The URL's
 * {@code transactions=local|xa} sets the default; {@link ShardlineConnection#setTransactionMode} sets it per connection.
 */
public enum TransactionMode {
    LOCAL, XA;

    /** The URL's value: {@code local} or {@code xa}, any case. */
    static TransactionMode of(String value) throws ShardlineException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "local" -> LOCAL;
            case "xa" -> XA;
            default -> throw ShardlineException.invalid("parameter transactions must be local or xa, is '" + value + "'");
        };
    }
}
