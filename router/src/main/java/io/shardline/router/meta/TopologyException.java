package io.shardline.router.meta;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.util.List;

/** A metadata snapshot that failed validation; lists every problem found, not just the first. */
public final class TopologyException extends ShardlineException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public TopologyException(List<String> problems) {
        super(ErrorCode.UNCONFIGURED, "invalid split metadata: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
