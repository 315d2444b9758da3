package io.shardline.admin;

/** The spec's DRDS database statuses that Shardline uses (5 and 6, migration, never occur). */
enum DbStatus {
    CREATING(0), RUNNING(1), CREATE_FAILED(2), DELETING(3), DELETE_FAILED(4);

    private final int code;

    DbStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    boolean isFailed() {
        return this == CREATE_FAILED || this == DELETE_FAILED;
    }

    /** A creation or deletion in progress: nothing else may act on the database meanwhile. */
    boolean isBusy() {
        return this == CREATING || this == DELETING;
    }

    static DbStatus of(int code) {
        for (DbStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalStateException("drds_db holds unknown status " + code);
    }
}
