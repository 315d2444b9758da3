package io.shardline.admin;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A copy started by {@link ShardlineAdmin#copyDatabaseBetweenInstances}: its RequestId (the spec's answer), its
 * progress now, a way to wait for its end and to cancel it. Thread-safe.
 */
public final class CopyTask {
    private final String requestId;
    private final Copies copies;
    private final Copies.Run run;

    CopyTask(String requestId, Copies copies, Copies.Run run) {
        this.requestId = requestId;
        this.copies = copies;
        this.run = run;
    }

    /** The spec's answer: the RequestId, also the task's id for DescribeCopyDatabaseTask. */
    public String requestId() {
        return requestId;
    }

    /** Where the task is now. */
    public CopyProgress progress() {
        CopyProgress last = run.done.getNow(null);
        return last != null ? last : run.now();
    }

    /** Follows the task from now on (and hears its end). */
    public void addListener(CopyListener listener) {
        run.listeners.add(listener);
        CopyProgress last = run.done.getNow(null);
        if (last != null) {
            listener.progress(last);
        }
    }

    /**
     * Waits for the task's end: answers its final progress when it succeeded, throws its failure ({@code code()} the
     * spec's error code, e.g. {@code InvalidParamTableMeta.RestoreTime}) when it failed or was cancelled.
     */
    public CopyProgress await(Duration timeout) throws DrdsException, TimeoutException, InterruptedException {
        CopyProgress last;
        try {
            last = run.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (last.state() != TaskState.SUCCESS) {
            DrdsException failure = run.failure;
            throw failure != null ? failure
                    : new DrdsException(last.errorCode(), 500, last.message(), null).withRequestId(requestId);
        }
        return last;
    }

    /** Cancels the task and waits until what it made is removed; answers its final progress. */
    public CopyProgress cancel() throws DrdsException {
        try {
            return copies.cancel(requestId);
        } catch (SQLException e) {
            throw Failures.of(e, "cancelling copy " + requestId).withRequestId(requestId);
        }
    }

    @Override
    public String toString() {
        return "CopyTask[" + requestId + ", " + progress().line() + "]";
    }
}
