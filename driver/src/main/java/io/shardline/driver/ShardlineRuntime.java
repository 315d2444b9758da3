package io.shardline.driver;

import io.shardline.driver.exec.InlinePolicy;
import io.shardline.driver.exec.PoolSettings;
import io.shardline.driver.exec.ReplicaWatch;
import io.shardline.driver.exec.ServerPools;
import io.shardline.driver.exec.ShardExecutor;
import io.shardline.driver.exec.XaRecovery;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.Credentials;
import io.shardline.driver.store.DbproxyConfuse;
import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.driver.store.MetadataStore;
import io.shardline.driver.store.SecretBox;
import io.shardline.driver.store.XaLog;
import io.shardline.driver.store.YamlMetadataStore;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.SplitConfig;
import io.shardline.router.meta.Topology;
import io.shardline.router.meta.TopologyAssembler;
import io.shardline.router.plan.Planner;
import io.shardline.router.sql.SqlCache;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one {@code jdbc:shardline:} configuration shares among its connections: the metadata store, the
 * current snapshot (as a {@link Planner}), the parse cache, the per-server pools, the watch over replicas and XA
 * recovery. The snapshot is replaced whole by {@link #refresh()}; a statement already running keeps the planner it
 * started with. Thread-safe.
 */
public final class ShardlineRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardlineRuntime.class);
    private static final ScheduledExecutorService CHECKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardline-metadata-check");
        t.setDaemon(true);
        return t;
    });

    private final ShardlineUrl url;
    /** The URL's cluster, read once: every new logical connection asks for it. */
    private final String cluster;
    private final MetadataStore store;
    private final Credentials credentials;
    private final SqlCache sqlCache;
    private final ServerPools pools;
    private final ShardExecutor executor;
    private final Sequences sequences;
    private final int maxConnectionsPerQuery;
    private final InlinePolicy inlinePolicy;
    private final long maxMergeRows;
    private final long maxGatherRows;
    private final long maxWriteValues;
    private final int queryTimeout;
    private final int defaultFetchSize;
    private final int cacheSize;
    private final ReplicaWatch replicas;
    private final XaRecovery xaRecovery;
    private final TransactionMode transactionMode;
    private final long readYourWritesNanos;
    /** The store's XA decision log once a transaction needed it (null before). */
    private volatile XaLog xaLog;
    private final Object refreshLock = new Object();
    private final StatementObserver observer;
    private volatile Snapshot snapshot;
    private volatile boolean closed;
    private ScheduledFuture<?> check;

    /**
     * The current metadata as planners: one for the URL's cluster, and the others' (DBProxy's {@code cluster} argument)
     * made on first use, all over the same topology and replaced together; {@code moving}: the shard databases an admin
     * is moving to another server now ({@code "<server id> <database>"}, from the store's moving markers).
     */
    private record Snapshot(Planner planner, Map<String, Planner> otherClusters, Set<String> moving) {
    }

    private ShardlineRuntime(ShardlineUrl url, MetadataStore store, Credentials credentials, int cacheSize,
                             ServerPools pools) throws ShardlineException {
        this.url = url;
        this.cluster = url.cluster();
        this.store = store;
        this.credentials = credentials;
        this.cacheSize = cacheSize;
        this.sqlCache = new SqlCache(cacheSize);
        this.pools = pools;
        int threads = url.intParam("executorThreads", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 1);
        this.executor = new ShardExecutor(threads, url.intParam("executorQueueSize", 256, 1));
        this.sequences = new Sequences(store, pools);
        this.maxConnectionsPerQuery = url.intParam("maxConnectionsPerQuery", 8, 1);
        this.inlinePolicy = new InlinePolicy(url.intParam("inlineMicros", 10_000, 0));
        this.maxMergeRows = url.intParam("maxMergeRows", 100_000, 1);
        this.maxGatherRows = url.intParam("maxGatherRows", 1_000_000, 1);
        this.maxWriteValues = url.intParam("maxWriteValues", 1_000_000, 1);
        this.queryTimeout = url.intParam("queryTimeout", 0, 0);
        this.defaultFetchSize = url.intParam("defaultFetchSize", 0, Integer.MIN_VALUE);
        this.transactionMode = TransactionMode.of(url.param("transactions", "local"));
        this.readYourWritesNanos = TimeUnit.MILLISECONDS.toNanos(url.intParam("readYourWrites", 0, 0));
        int maxLag = url.intParam("maxReplicaLag", 5, -1);
        int checkInterval = url.intParam("replicaCheckInterval", 1000, 50);
        int xaInterval = url.intParam("xaRecoveryInterval", 5000, 100);
        int abandonAfter = url.intParam("xaAbandonAfter", 10_000, 0);
        this.replicas = new ReplicaWatch(pools.settings(), maxLag, checkInterval);
        this.xaRecovery = new XaRecovery(pools, this::topology, store, xaInterval, abandonAfter);
        this.observer = new StatementObserver(new io.shardline.driver.observe.SqlLog(
                url.intParam("slowStatementMillis", 0, 0), url.boolParam("logParameters")));
    }

    StatementObserver observer() {
        return observer;
    }

    /**
     * Records Shardline's meters in {@code meterRegistry}, a Micrometer {@code MeterRegistry} (typed Object so the
     * driver loads without Micrometer); null stops recording. See {@link io.shardline.driver.observe.MicrometerMetrics}.
     */
    public void bindMetrics(Object meterRegistry) {
        if (meterRegistry == null) {
            observer.bind(null);
            pools.metrics(io.shardline.driver.observe.Metrics.NONE);
            return;
        }
        io.shardline.driver.observe.Metrics m = io.shardline.driver.observe.MicrometerMetrics.of(meterRegistry);
        m.gauges(pools::activeConnections, executor::queueDepth);
        observer.bind(m);
        pools.metrics(m);
    }

    /** Opens the store and loads the first snapshot; fails with 100503 when it cannot. */
    public static ShardlineRuntime open(ShardlineUrl url) throws SQLException {
        String user = url.param("user", null);
        String password = url.param("password", null);
        MetadataStore store = url.store() == ShardlineUrl.Store.FILE ? new YamlMetadataStore(Path.of(url.target()))
                : new JdbcMetadataStore(url.storeJdbcUrl(), url.storeProperties());
        Credentials.DbproxyConfuseFactory confuse = url.boolParam("enableConfuse")
                ? () -> new DbproxyConfuse(user == null ? "" : user, password == null ? "" : password) : null;
        Credentials credentials = new Credentials(confuse,
                SecretBox.resolve(url.param("secretKey", null), url.param("secretKeyFile", null)),
                url.param("serverUser", null), url.param("serverPassword", null));
        PoolSettings d = PoolSettings.DEFAULTS;
        ServerPools pools = new ServerPools(new PoolSettings(url.intParam("maxPoolSize", d.maxPoolSize(), 1),
                url.intParam("connectTimeout", (int) d.connectTimeoutMillis(), 250),
                url.intParam("socketTimeout", d.socketTimeoutMillis(), 0),
                url.intParam("probeInterval", (int) d.probeIntervalMillis(), 0),
                url.intParam("probeTimeout", (int) d.probeTimeoutMillis(), 100),
                url.intParam("minIdle", d.minIdle(), 0),
                url.intParam("idleTimeout", (int) d.idleTimeoutMillis(), 10_000)));
        ShardlineRuntime runtime;
        try {
            runtime = new ShardlineRuntime(url, store, credentials, url.intParam("sqlCacheSize", 10_000, 16), pools);
        } catch (ShardlineException e) {
            pools.close();
            throw e;
        }
        try {
            runtime.refresh();
        } catch (SQLException e) {
            runtime.close();
            throw e instanceof ShardlineException s && s.code() == ErrorCode.UNCONFIGURED ? s
                    : new ShardlineException(ErrorCode.UNCONFIGURED, "Shardline metadata is not loaded from "
                    + store.describe() + ": " + e.getMessage(), e);
        }
        int interval = url.intParam("checkInterval", 30, 0);
        if (interval > 0) {
            runtime.check = CHECKER.scheduleWithFixedDelay(runtime::checkForUpdate, interval, interval, TimeUnit.SECONDS);
        }
        runtime.xaRecovery.startIfLogged(); // branches an earlier instance left prepared are resolved now
        return runtime;
    }

    /**
     * Loads, validates and swaps in a new snapshot now. When the store cannot be read or the snapshot is invalid,
     * the current one stays and the error is thrown (and logged).
     */
    public Topology refresh() throws SQLException {
        synchronized (refreshLock) {
            Topology topology;
            Set<String> moving;
            try {
                SplitConfig config = credentials.decode(store.load());
                topology = TopologyAssembler.assemble(config);
                moving = moving(config);
            } catch (SQLException e) {
                if (snapshot != null) {
                    LOG.error("keeping the current Shardline metadata: the new one from {} is rejected: {}",
                            store.describe(), e.getMessage());
                    observer.metrics().metadataReload(false);
                }
                throw e;
            }
            for (String w : topology.warnings()) {
                LOG.warn("metadata from {}: {}", store.describe(), w);
            }
            String cluster = url.cluster();
            if (!cluster.isEmpty() && !topology.hasCluster(cluster)) {
                LOG.warn("cluster '{}' has no tables in {}", cluster, store.describe());
            }
            snapshot = new Snapshot(newPlanner(topology, cluster), new ConcurrentHashMap<>(), moving);
            pools.reconcile(topology);
            replicas.reconcile(topology);
            LOG.info("loaded Shardline metadata from {} (update stamp {})", store.describe(), topology.updateStamp());
            observer.metrics().metadataReload(true);
            return topology;
        }
    }

    /**
     * Reloads when the store's update stamp moved since the current snapshot was read (DBProxy's {@code refresh}).
     *
     * @return whether a new snapshot was loaded
     * @throws SQLException when the store cannot be read or the new snapshot is invalid; the current one stays
     */
    public boolean refreshIfChanged() throws SQLException {
        if (closed) {
            throw closedRuntime();
        }
        long stamp = store.updateStamp();
        if (stamp == snapshot.planner().topology().updateStamp()) {
            return false;
        }
        synchronized (refreshLock) {
            if (snapshot.planner().topology().updateStamp() != stamp) { // not loaded by another thread meanwhile
                refresh();
            }
            return true;
        }
    }

    private static Set<String> moving(SplitConfig config) {
        Set<String> out = new HashSet<>();
        for (String name : config.variables().keySet()) {
            if (name.startsWith(ConfigSchema.MOVING_PREFIX)) {
                out.add(name.substring(ConfigSchema.MOVING_PREFIX.length()));
            }
        }
        return Set.copyOf(out);
    }

    /**
     * Whether the metadata loaded last says an admin is moving shard database {@code database} off server
     * {@code serverId} now (its tables may be gone from there a moment before the placements name the new server).
     */
    boolean moving(int serverId, String database) {
        return snapshot.moving().contains(serverId + " " + database);
    }

    /** The periodic check: {@link #refreshIfChanged()}, failures logged (the current snapshot stays). */
    void checkForUpdate() {
        if (closed) {
            return;
        }
        try {
            refreshIfChanged();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Shardline metadata check of {} failed: {}", store.describe(),
                    io.shardline.router.Secrets.mask(e.getMessage()));
        }
    }

    /** The planner of the URL's cluster over the current snapshot. */
    public Planner planner() throws ShardlineException {
        if (closed) {
            throw closedRuntime();
        }
        return snapshot.planner();
    }

    /**
     * The planner of {@code cluster} (DBProxy's business group) over the current snapshot. Planners of clusters the
     * metadata names are kept until the next refresh; others are made per call and see no tables.
     */
    public Planner planner(String cluster) throws ShardlineException {
        if (closed) {
            throw closedRuntime();
        }
        Snapshot s = snapshot;
        Planner main = s.planner();
        if (cluster.equals(main.cluster())) {
            return main;
        }
        if (!main.topology().hasCluster(cluster)) {
            return newPlanner(main.topology(), cluster);
        }
        return s.otherClusters().computeIfAbsent(cluster, c -> newPlanner(main.topology(), c));
    }

    private Planner newPlanner(Topology topology, String cluster) {
        return new Planner(topology, cluster, url.logicalDatabase(), sqlCache, cacheSize);
    }

    /**
     * A logical connection that sees the tables of {@code cluster} ({@code ''} is DBProxy's default cluster) instead
     * of the URL's; it shares this runtime and does not close it.
     */
    public ShardlineConnection connect(String cluster) throws ShardlineException {
        if (closed) {
            throw closedRuntime();
        }
        return new ShardlineConnection(this, false, Objects.requireNonNull(cluster, "cluster"));
    }

    private static ShardlineException closedRuntime() {
        return new ShardlineException(ErrorCode.INTERNAL, "this Shardline runtime is closed");
    }

    public Topology topology() {
        return snapshot.planner().topology();
    }

    public ServerPools pools() {
        return pools;
    }

    public SqlCache sqlCache() {
        return sqlCache;
    }

    /** Global sequences of AUTO_INCREMENT columns. */
    Sequences sequences() {
        return sequences;
    }

    /** The threads and bounded queue that run multi-shard units. */
    public ShardExecutor executor() {
        return executor;
    }

    /** Whether a multi-shard statement's lanes run on the calling thread (fast units) or on the executor. */
    public InlinePolicy inlinePolicy() {
        return inlinePolicy;
    }

    /** Physical connections one multi-shard statement may hold at once. */
    public int maxConnectionsPerQuery() {
        return maxConnectionsPerQuery;
    }

    /** Rows one multi-shard merge may hold in memory. */
    public long maxMergeRows() {
        return maxMergeRows;
    }

    /** Values (rows x columns) a write evaluated first may hold before it writes them (INSERT .. SELECT). */
    public long maxWriteValues() {
        return maxWriteValues;
    }

    /** Rows one statement may copy into an evaluation server's temporary tables (a gather). */
    public long maxGatherRows() {
        return maxGatherRows;
    }

    /** Seconds every statement may run unless it sets its own query timeout (0: no bound). */
    public int queryTimeout() {
        return queryTimeout;
    }

    /** Rows fetched at a time by statements that set no fetch size (0: all at once). */
    public int defaultFetchSize() {
        return defaultFetchSize;
    }

    public ShardlineUrl url() {
        return url;
    }

    /** The cluster (DBProxy's business group) the URL's connections see. */
    String cluster() {
        return cluster;
    }

    /** The replication status of every replica with a read weight: whether it may serve reads now. */
    public ReplicaWatch replicas() {
        return replicas;
    }

    /** The transaction mode new connections start in (the URL's {@code transactions}). */
    public TransactionMode transactionMode() {
        return transactionMode;
    }

    /** How long after a write a connection's reads stay on the masters (0: they do not). */
    long readYourWritesNanos() {
        return readYourWritesNanos;
    }

    /** The XA decision log, created in the store at its first use; XA recovery runs from then on. */
    XaLog xaLog() throws SQLException {
        XaLog log = xaLog;
        if (log == null) {
            log = store.xaLog(true);
            xaRecovery.start();
            xaLog = log;
        }
        return log;
    }

    XaRecovery xaRecovery() {
        return xaRecovery;
    }

    /**
     * Resolves now the XA branches left prepared on this runtime's masters: those with a commit decision are
     * committed, the others rolled back at once (an operator's call; the background passes wait {@code xaAbandonAfter}
     * first). A transaction committing at this very moment may be rolled back by it, and then says so.
     */
    public XaRecovery.Report recoverXa() throws SQLException {
        if (closed) {
            throw closedRuntime();
        }
        return xaRecovery.recover(true);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        if (check != null) {
            check.cancel(false);
        }
        xaRecovery.close();
        replicas.close();
        executor.close();
        pools.close();
        store.close();
    }
}
