package io.shardline.router.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.SqlCache;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Binds SQL texts to one metadata snapshot for one cluster and logical database, caching the bound statements.
 * A refresh makes a new planner; statements bound by the old one notice ({@link #topology()} differs) and rebind.
 * Thread-safe.
 */
public final class Planner {
    private final Topology topology;
    private final String cluster;
    private final String logicalDatabase;
    private final SqlCache parseCache;
    private final Cache<String, BoundStatement> bound;
    private final RouteRoom routeRoom;
    /**
     * Recently bound statements, one per slot their text's hash picks, in front of {@link #bound}: a pooled
     * application prepares the same texts on a new logical connection per operation, and finding its text here (the
     * same string, compared by identity first) skips the cache's lookup, 3.7% of a pooled point select's CPU samples
     * on H2 (JFR). A slot is filled by the first text found or bound there and taken over only by a text that
     * had to be bound anew: texts sharing a slot that the cache answers do not take turns rewriting it (one shared
     * line rewritten per statement by every thread), and each extra slot holds one statement the cache holds too or
     * held, so the heap stays bounded.
     */
    private final AtomicReferenceArray<Recent> recent = new AtomicReferenceArray<>(RECENT_SLOTS);
    private static final int RECENT_SLOTS = 64;

    private record Recent(String sql, BoundStatement bound) {
    }

    public Planner(Topology topology, String cluster, String logicalDatabase, SqlCache parseCache, long cacheSize) {
        this(topology, cluster, logicalDatabase, parseCache, cacheSize, RouteRoom.ROUTES);
    }

    /** {@code routeRoom}: how many routes its statements may cache beyond their own share ({@link RouteRoom}). */
    Planner(Topology topology, String cluster, String logicalDatabase, SqlCache parseCache, long cacheSize,
            int routeRoom) {
        this.routeRoom = new RouteRoom(routeRoom);
        this.topology = topology;
        this.cluster = cluster;
        this.logicalDatabase = logicalDatabase;
        this.parseCache = parseCache;
        this.bound = Caffeine.newBuilder().maximumSize(cacheSize)
                .executor(Runnable::run) // room comes back when a statement goes, not later
                .<String, BoundStatement>removalListener((sql, b, cause) -> {
                    if (b != null) {
                        b.releaseRouteRoom();
                    }
                })
                .build();
    }

    /** The statement bound to this planner's snapshot; parse and binding are cached by SQL text. */
    public BoundStatement bind(String sql) throws ShardlineException {
        int slot = sql == null ? 0 : sql.hashCode() & (RECENT_SLOTS - 1);
        Recent r = recent.getAcquire(slot);
        if (r != null && (r.sql == sql || r.sql.equals(sql))) {
            return r.bound;
        }
        BoundStatement b = bound.getIfPresent(sql);
        if (b == null) {
            b = bind(parseCache.get(sql), routeRoom);
            bound.put(sql, b);
            recent.setRelease(slot, new Recent(sql, b));
        } else if (r == null) {
            recent.compareAndSet(slot, null, new Recent(sql, b));
        }
        return b;
    }

    /** A statement bound to this planner's snapshot and not cached (its routes beyond its own share are not kept). */
    public BoundStatement bind(ParsedSql parsed) throws ShardlineException {
        return bind(parsed, null);
    }

    private BoundStatement bind(ParsedSql parsed, RouteRoom room) throws ShardlineException {
        try {
            return new BoundStatement(parsed, topology, cluster, logicalDatabase, room);
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
    }

    /** The last resort when planning recursed past the thread's stack: 100403 rather than an Error out of JDBC. */
    static ShardlineException tooDeep() {
        return ShardlineException.notAllowed("the statement nests too deeply to plan within the thread's stack; write it"
                + " with fewer nested conditions");
    }

    /** Routes the statements this planner caches may still keep beyond their own share. */
    int routeRoomLeft() {
        return routeRoom.left();
    }

    public Topology topology() {
        return topology;
    }

    public String cluster() {
        return cluster;
    }

    public String logicalDatabase() {
        return logicalDatabase;
    }
}
