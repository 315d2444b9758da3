package io.shardline.admin;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A shard move started by {@link ShardlineAdmin#moveShardDb}: its RequestId (also the task's id), its progress now, a
 * way to wait for its end and to cancel it. Thread-safe.
 */
public final class MoveTask {
    private final String requestId;
    private final Moves moves;
    final Moves.Run run;

    MoveTask(String requestId, Moves moves, Moves.Run run) {
        this.requestId = requestId;
        this.moves = moves;
        this.run = run;
    }

    public String requestId() {
        return requestId;
    }

    /** Where the move is now. */
    public ShardMove progress() {
        ShardMove last = run.done.getNow(null);
        return last != null ? last : run.now();
    }

    /** Follows the move from now on (and hears its end), as a copy's listener does. */
    public void addListener(CopyListener listener) {
        run.listeners.add(listener);
        ShardMove last = run.done.getNow(null);
        if (last != null) {
            listener.progress(last.progress());
        }
    }

    /**
     * Waits for the move's end: answers it when the shard moved, throws its failure ({@code code()}, e.g.
     * {@code ShardDbMove.PauseFailed}) when it failed or was cancelled (then nothing changed where the shard is read and
     * written, and what it made on the target is removed).
     */
    public ShardMove await(Duration timeout) throws DrdsException, TimeoutException, InterruptedException {
        ShardMove last;
        try {
            last = run.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (last.state() != TaskState.SUCCESS) {
            DrdsException failure = run.failure;
            throw failure != null ? failure : new DrdsException(last.progress().errorCode(), 500,
                    last.progress().message(), null).withRequestId(requestId);
        }
        return last;
    }

    /**
     * Cancels the move and waits for its end. Before the pause it stops at its next checkpoint and removes what it made;
     * once writes are paused it finishes the switch or rolls it back, whichever is under way.
     */
    public ShardMove cancel() throws DrdsException {
        try {
            return moves.cancel(requestId);
        } catch (SQLException e) {
            throw Failures.of(e, "cancelling move " + requestId).withRequestId(requestId);
        }
    }

    @Override
    public String toString() {
        return "MoveTask[" + requestId + ", " + progress().line() + "]";
    }
}
