package io.shardline.driver.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * Shardline's meters in a Micrometer registry (all named {@code shardline.*}):
 * <ul>
 *   <li>{@code shardline.statements} timer, tags {@code kind}, {@code shards} (single|multi), {@code outcome}
 *       (ok|error): counts and latency, with a percentile histogram</li>
 *   <li>{@code shardline.refusals} counter, tag {@code code}: statements refused or failed, by Shardline code</li>
 *   <li>{@code shardline.pool.wait} timer and {@code shardline.pool.active} gauge, tag {@code server}</li>
 *   <li>{@code shardline.executor.queue} gauge: lanes waiting for a thread</li>
 *   <li>{@code shardline.metadata.reloads} counter, tag {@code outcome} (loaded|rejected)</li>
 * </ul>
 * Meters are looked up once per tag combination and cached, so recording costs a map lookup and an add.
 */
public final class MicrometerMetrics implements Metrics {
    private final MeterRegistry registry;
    private final Map<String, Timer> statements = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<Integer, Timer> waits = new ConcurrentHashMap<>();
    private volatile ToIntFunction<Integer> active = id -> 0;

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The binding for {@code registry}, which must be a Micrometer {@code MeterRegistry}. */
    public static Metrics of(Object registry) {
        if (!(registry instanceof MeterRegistry r)) {
            throw new IllegalArgumentException("not a Micrometer MeterRegistry: " + registry.getClass().getName());
        }
        return new MicrometerMetrics(r);
    }

    @Override
    public void statement(String kind, boolean multiShard, long nanos, boolean failed) {
        String key = kind + (multiShard ? "/m" : "/s") + (failed ? "/e" : "/o");
        statements.computeIfAbsent(key, k -> Timer.builder("shardline.statements")
                .description("logical statements run through Shardline")
                .tag("kind", kind).tag("shards", multiShard ? "multi" : "single").tag("outcome", failed ? "error" : "ok")
                .publishPercentileHistogram().register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refusal(int code) {
        refusals.computeIfAbsent(code, c -> Counter.builder("shardline.refusals")
                .description("statements refused or failed, by Shardline error code")
                .tag("code", String.valueOf(c)).register(registry)).increment();
    }

    @Override
    public void poolWait(int serverId, long nanos) {
        waits.computeIfAbsent(serverId, id -> {
            Gauge.builder("shardline.pool.active", () -> active.applyAsInt(id))
                    .description("physical connections of the server in use").tag("server", String.valueOf(id))
                    .register(registry);
            return Timer.builder("shardline.pool.wait").description("time a statement waited for a connection")
                    .tag("server", String.valueOf(id)).register(registry);
        }).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void metadataReload(boolean loaded) {
        registry.counter("shardline.metadata.reloads", "outcome", loaded ? "loaded" : "rejected").increment();
    }

    @Override
    public void gauges(ToIntFunction<Integer> activeConnections, IntSupplier queueDepth) {
        this.active = activeConnections;
        Gauge.builder("shardline.executor.queue", queueDepth::getAsInt)
                .description("multi-shard lanes waiting for an executor thread").register(registry);
    }
}
