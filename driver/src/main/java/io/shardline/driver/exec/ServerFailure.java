package io.shardline.driver.exec;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;

/**
 * A 100500 that means the server itself failed: it is down, refused or dropped the connection, or was marked down
 * under the statement. It names the server, so a read can be retried once on another member of its group; an error the
 * server reported (100502), a timeout (100504) or a cancel is never one of these.
 */
public final class ServerFailure extends ShardlineException {
    private static final long serialVersionUID = 1L;

    private final transient Server server;

    public ServerFailure(Server server, String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
        this.server = server;
    }

    /** The server that failed. */
    public Server server() {
        return server;
    }
}
