package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;

/**
 * What planning asks of the caller beyond the statement: the server an open transaction is on (to read broadcast
 * tables there), and global sequences for AUTO_INCREMENT columns of sharded and broadcast tables (I/O, so the driver
 * provides them).
 */
public interface PlanContext {
    PlanContext NONE = new PlanContext() {
    };

    /** The server of the open transaction, or -1. */
    default int transactionServer() {
        return -1;
    }

    /**
     * Whether an UPDATE may assign its target's hint column a value that routes elsewhere: true only for the driver's
     * write by key that moves such rows itself ({@code RowMoves}: the row is updated on its own shard, read back, and
     * deleted there and inserted on its new shard). Everyone else gets the refusal {@link BoundStatement#MOVES_ROWS}.
     */
    default boolean movesRows() {
        return false;
    }

    /** The AUTO_INCREMENT column of {@code table} that a global sequence fills, or null when there is none. */
    default String sequenceColumn(LogicalTable table) throws ShardlineException {
        return null;
    }

    /** The next {@code count} ids of {@code table}'s global sequence, in order. */
    default long[] nextIds(LogicalTable table, int count) throws ShardlineException {
        throw ShardlineException.notAllowed("table " + table.name() + " takes its ids from a global sequence, which"
                + " this caller cannot reach");
    }
}
