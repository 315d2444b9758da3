package io.shardline.admin;

/**
 * Follows a copy task: called on the task's thread after each chunk of rows (at most a few times a second) and
 * once more when the task ends. Must return quickly; an exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface CopyListener {
    void progress(CopyProgress progress);
}
