package io.shardline.driver.observe;

import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * What Shardline measures, for a metrics library to record. {@link #NONE} records nothing; {@link MicrometerMetrics}
 * is the Micrometer binding, loaded only when a {@code MeterRegistry} is given, so the driver runs without Micrometer
 * on the class path. Implementations are thread-safe.
 */
public interface Metrics {
    Metrics NONE = new Metrics() {
    };

    /** A logical statement ended: its kind ({@code select}, {@code insert}, ..., {@code batch}), single or multi-shard. */
    default void statement(String kind, boolean multiShard, long nanos, boolean failed) {
    }

    /** A statement was refused or failed with a Shardline code (100403, 100503, ...). */
    default void refusal(int code) {
    }

    /** A statement waited {@code nanos} for a connection of server {@code serverId}. */
    default void poolWait(int serverId, long nanos) {
    }

    /** A metadata reload: {@code loaded} true when a new snapshot was swapped in, false when it was rejected. */
    default void metadataReload(boolean loaded) {
    }

    /**
     * Called once when bound to a runtime: gauges read these. {@code activeConnections} answers a server's leased
     * connections; {@code queueDepth} the executor's waiting lanes.
     */
    default void gauges(ToIntFunction<Integer> activeConnections, IntSupplier queueDepth) {
    }
}
