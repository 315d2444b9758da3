package io.shardline.admin;

/** Where a copy task is: running, or ended one of three ways. */
public enum TaskState {
    RUNNING("Running"), SUCCESS("Success"), FAILED("Failed"), CANCELLED("Cancelled");

    private final String specName;

    TaskState(String specName) {
        this.specName = specName;
    }

    /** The word the answers use: {@code Running}, {@code Success}, {@code Failed}, {@code Cancelled}. */
    public String specName() {
        return specName;
    }

    public boolean isDone() {
        return this != RUNNING;
    }

    static TaskState of(String name) {
        for (TaskState s : values()) {
            if (s.specName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown task state " + name);
    }
}
