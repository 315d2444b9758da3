package io.shardline.admin;

import io.shardline.driver.ShardlineRuntime;
import io.shardline.driver.exec.XaRecovery;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DRDS management API of a Shardline estate, opened on the driver's metadata store. Every action of the DRDS
 * OpenAPI spec is a typed method here and can also be called by name with string parameters ({@link #call}).
 * Actions change the servers for real (databases, accounts, grants) and the metadata the driver reads; each checks
 * all its parameters before it changes anything and fails with a {@link DrdsException} carrying the spec's code.
 * <p>Mapping: a DRDS instance is a named group in the metadata store; an RDS instance is a registered MySQL server
 * ({@link #registerRds}); a DRDS database is shard databases {@code <db>_0000..} on its servers, a MySQL account
 * {@code <db>} on each (and on the config database's server) and a DBProxy cluster {@code <instance>.<db>} holding
 * its tables. Thread-safe: changes run one at a time; Describe actions run alongside them. Holds no connection
 * between actions, so there is nothing to close.
 */
public final class ShardlineAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(ShardlineAdmin.class);

    private final Estate estate;
    private final Instances instances;
    private final Databases databases;
    private final Accounts accounts;
    private final Routing routing;
    private final Registry registry;
    private final Backups backups;
    private final Copies copies;
    private final Moves moves;
    private final Calls calls;
    private final AccessKeys accessKeys;
    private final Object changes = new Object();
    /** Runs the server work of actions answered at once (CreateDrdsDB, DeleteDrdsDB over HTTP), one at a time. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shardline-admin-background");
        t.setDaemon(true);
        return t;
    });

    private ShardlineAdmin(Estate estate) {
        this.estate = estate;
        this.instances = new Instances(estate);
        this.databases = new Databases(estate);
        this.accounts = new Accounts(estate);
        this.routing = new Routing(estate);
        this.registry = new Registry(estate);
        this.backups = new Backups(estate);
        this.copies = new Copies(estate, backups);
        this.moves = new Moves(estate, copies);
        this.calls = new Calls(instances, databases, accounts, routing, backups, copies, moves);
        this.accessKeys = new AccessKeys(estate);
    }

    /**
     * Opens the admin on a driver URL's store ({@code jdbc:shardline:mysql://host:port/config_db?user=..&password=..}
     * or {@code jdbc:shardline:h2:<path>}), creating its tables when missing. The secret key that seals passwords is
     * found as the driver finds it: {@code secretKey}/{@code secretKeyFile} in the URL, {@code SHARDLINE_SECRET_KEY},
     * {@code -Dshardline.secretKey}, or {@code ~/.shardline/secret.key}; without one the admin refuses to open.
     */
    public static ShardlineAdmin open(String shardlineUrl) throws SQLException {
        return open(shardlineUrl, AdminOptions.defaults());
    }

    public static ShardlineAdmin open(String shardlineUrl, AdminOptions options) throws SQLException {
        return new ShardlineAdmin(Estate.open(shardlineUrl, options));
    }

    // ---- servers (not spec actions: DRDS finds RDS instances in the cloud account)

    /** Registers a MySQL server as an RDS instance, after checking its account can manage databases and accounts. */
    public void registerRds(RdsRegistration registration) throws DrdsException {
        perform("RegisterRds", subject(registration.instanceName(), null), () -> registry.register(registration));
    }

    /** Forgets a server no DRDS database, DBProxy placement or replica uses any more. */
    public void unregisterRds(String instanceName) throws DrdsException {
        perform("UnregisterRds", subject(instanceName, null), () -> registry.unregister(instanceName));
    }

    /**
     * The {@code jdbc:shardline:} URL through which the database's account ({@code dbName}) or its read-only account
     * connects; the application adds {@code password} and {@code serverPassword} (both the account's password).
     */
    public String connectionUrl(String drdsInstanceId, String dbName, String accountName) throws DrdsException {
        if (accountName == null || !(accountName.equals(dbName) || accountName.equals(dbName + "_ro"))) {
            throw DrdsError.PARAMETER_MISMATCH.with("'" + accountName + "' is not an account of database " + dbName
                    + "; use " + dbName + " or " + dbName + "_ro");
        }
        describeDrdsDB(drdsInstanceId, dbName);
        String location = StoreLocation.withoutCredentials(estate.url().url());
        String user = estate.hasConfigServer() ? "user=" + accountName + "&" : "";
        return location + "?" + user + "serverUser=" + accountName + "&cluster=" + Rows.Db.cluster(drdsInstanceId, dbName)
                + "&database=" + dbName;
    }

    // ---- instances

    public CreatedDrdsInstances createDrdsInstance(CreateDrdsInstanceRequest request) throws DrdsException {
        return run(newRequestId(), Action.CREATE_DRDS_INSTANCE, request.regionId(), () -> instances.create(request));
    }

    public DrdsInstance describeDrdsInstance(String drdsInstanceId) throws DrdsException {
        Action a = Action.DESCRIBE_DRDS_INSTANCE;
        return run(newRequestId(), a, drdsInstanceId, () -> instances.describe(a, drdsInstanceId));
    }

    /** {@code type} 0 shared, 1 dedicated, null both. */
    public List<DrdsInstance> describeDrdsInstances(String regionId, Integer type) throws DrdsException {
        return run(newRequestId(), Action.DESCRIBE_DRDS_INSTANCES, regionId, () -> instances.list(regionId, type));
    }

    public void modifyDrdsInstanceDescription(String drdsInstanceId, String description) throws DrdsException {
        Action a = Action.MODIFY_DRDS_INSTANCE_DESCRIPTION;
        perform(a, drdsInstanceId, () -> instances.modifyDescription(a, drdsInstanceId, description));
    }

    public void removeDrdsInstance(String drdsInstanceId) throws DrdsException {
        Action a = Action.REMOVE_DRDS_INSTANCE;
        perform(a, drdsInstanceId, () -> instances.remove(a, drdsInstanceId));
    }

    // ---- databases

    /**
     * Creates the database: {@code shardsPerRds} shard databases on each RDS instance, its account with the
     * password, and the metadata; it is running (status 1) when this returns. A server failing part-way leaves it
     * failed (status 2), said in the exception and by DescribeDrdsDB; DeleteFailedDrdsDB then removes it.
     */
    public void createDrdsDB(String drdsInstanceId, String dbName, String encode, String password,
                             List<String> rdsInstances) throws DrdsException {
        Action a = Action.CREATE_DRDS_DB;
        perform(a, subject(drdsInstanceId, dbName),
                () -> databases.create(a, drdsInstanceId, dbName, encode, password, rdsInstances));
    }

    public DrdsDb describeDrdsDB(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DESCRIBE_DRDS_DB;
        return run(newRequestId(), a, subject(drdsInstanceId, dbName),
                () -> databases.describe(a, drdsInstanceId, dbName));
    }

    public List<DrdsDb> describeDrdsDBs(String drdsInstanceId) throws DrdsException {
        Action a = Action.DESCRIBE_DRDS_DBS;
        return run(newRequestId(), a, drdsInstanceId, () -> databases.list(a, drdsInstanceId));
    }

    /** Drops the database's accounts, shard databases (with their data) and metadata. */
    public void deleteDrdsDB(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DELETE_DRDS_DB;
        perform(a, subject(drdsInstanceId, dbName), () -> databases.delete(a, drdsInstanceId, dbName));
    }

    /** Removes what a failed creation or deletion left, exactly the objects it made. */
    public void deleteFailedDrdsDB(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DELETE_FAILED_DRDS_DB;
        perform(a, subject(drdsInstanceId, dbName), () -> databases.deleteFailed(a, drdsInstanceId, dbName));
    }

    public void modifyDrdsDBPswd(String drdsInstanceId, String dbName, String newPasswd) throws DrdsException {
        Action a = Action.MODIFY_DRDS_DB_PSWD;
        perform(a, subject(drdsInstanceId, dbName),
                () -> accounts.modifyPassword(a, drdsInstanceId, dbName, newPasswd));
    }

    /** {@code append} true adds the entries to the white list (the spec's Mode, default true), false replaces it. */
    public void modifyDrdsIpWhiteList(String drdsInstanceId, String dbName, List<String> ipWhiteList, boolean append)
            throws DrdsException {
        Action a = Action.MODIFY_DRDS_IP_WHITE_LIST;
        perform(a, subject(drdsInstanceId, dbName),
                () -> accounts.modifyWhiteList(a, drdsInstanceId, dbName, ipWhiteList, append));
    }

    public List<String> describeDrdsDBIpWhiteList(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DESCRIBE_DRDS_DB_IP_WHITE_LIST;
        return run(newRequestId(), a, subject(drdsInstanceId, dbName),
                () -> accounts.describeWhiteList(a, drdsInstanceId, dbName));
    }

    public void modifyFullTableScan(String drdsInstanceId, String dbName, List<String> tableNames, boolean fullTableScan)
            throws DrdsException {
        Action a = Action.MODIFY_FULL_TABLE_SCAN;
        perform(a, subject(drdsInstanceId, dbName),
                () -> routing.modifyFullTableScan(a, drdsInstanceId, dbName, tableNames, fullTableScan));
    }

    public List<RdsInstance> describeRdsList(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DESCRIBE_RDS_LIST;
        return run(newRequestId(), a, subject(drdsInstanceId, dbName),
                () -> routing.describeRdsList(a, drdsInstanceId, dbName));
    }

    public List<ShardDb> describeShardDBs(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DESCRIBE_SHARD_DBS;
        return run(newRequestId(), a, subject(drdsInstanceId, dbName),
                () -> routing.describeShardDbs(a, drdsInstanceId, dbName));
    }

    /** Weights of one master group: the main instance and replicas of it; replicas not named get 0. */
    public void modifyRdsReadWeight(String drdsInstanceId, String dbName, List<String> instanceNames,
                                    List<Integer> weights) throws DrdsException {
        Action a = Action.MODIFY_RDS_READ_WEIGHT;
        perform(a, subject(drdsInstanceId, dbName),
                () -> routing.modifyReadWeight(a, drdsInstanceId, dbName, instanceNames, weights));
    }

    // ---- read-only accounts

    public ReadOnlyAccount createReadOnlyAccount(String drdsInstanceId, String dbName, String password)
            throws DrdsException {
        Action a = Action.CREATE_READ_ONLY_ACCOUNT;
        return run(newRequestId(), a, subject(drdsInstanceId, dbName),
                () -> accounts.createReadOnly(a, drdsInstanceId, dbName, password));
    }

    public ReadOnlyAccount describeReadOnlyAccount(String drdsInstanceId, String dbName) throws DrdsException {
        Action a = Action.DESCRIBE_READ_ONLY_ACCOUNT;
        return run(newRequestId(), a, subject(drdsInstanceId, dbName),
                () -> accounts.describeReadOnly(a, drdsInstanceId, dbName));
    }

    public void modifyReadOnlyAccountPassword(String drdsInstanceId, String dbName, String accountName,
                                              String originPassword, String newPassword) throws DrdsException {
        Action a = Action.MODIFY_READ_ONLY_ACCOUNT_PASSWORD;
        perform(a, subject(drdsInstanceId, dbName),
                () -> accounts.modifyReadOnlyPassword(a, drdsInstanceId, dbName, accountName, originPassword, newPassword));
    }

    public void removeReadOnlyAccount(String drdsInstanceId, String dbName, String accountName) throws DrdsException {
        Action a = Action.REMOVE_READ_ONLY_ACCOUNT;
        perform(a, subject(drdsInstanceId, dbName),
                () -> accounts.removeReadOnly(a, drdsInstanceId, dbName, accountName));
    }

    // ---- copies and backups (specs/rds-copy-database)

    /**
     * CopyDatabaseBetweenInstances: checks every precondition (throwing the spec's code before anything is written),
     * then copies in the background; the handle's {@link CopyTask#requestId()} is the spec's answer, its
     * {@link CopyTask#await} waits for the end. With neither a backup id nor a restore time the copy is live, from
     * one consistent snapshot of the source.
     */
    public CopyTask copyDatabaseBetweenInstances(CopyDatabaseRequest request) throws DrdsException {
        return copyDatabaseBetweenInstances(request, null);
    }

    /** As {@link #copyDatabaseBetweenInstances(CopyDatabaseRequest)}, {@code listener} following the task. */
    public CopyTask copyDatabaseBetweenInstances(CopyDatabaseRequest request, CopyListener listener)
            throws DrdsException {
        String id = newRequestId();
        return run(id, Action.COPY_DATABASE_BETWEEN_INSTANCES, rdsSubject(request.dbInstanceId()),
                () -> copies.start(id, request, listener));
    }

    /** A copy task's state and progress, from this admin or (through the store) any other. */
    public CopyProgress describeCopyDatabaseTask(String taskId) throws DrdsException {
        return run(newRequestId(), Action.DESCRIBE_COPY_DATABASE_TASK, rdsSubject(taskId), () -> copies.describe(taskId));
    }

    /**
     * Cancels a copy task and removes what it made; for a task whose admin died, or whose cleanup could not reach the
     * target, removes what it left. Answers the task as it ends.
     */
    public CopyProgress cancelCopyDatabaseTask(String taskId) throws DrdsException {
        return run(newRequestId(), Action.CANCEL_COPY_DATABASE_TASK, rdsSubject(taskId), () -> copies.cancel(taskId));
    }

    /**
     * CreateBackup: a consistent logical backup of {@code dbNames} (all the server's own databases when null or
     * empty) into the backup store, with its binary log position and checksums; returns when it is written.
     */
    public Backup createBackup(String dbInstanceId, List<String> dbNames) throws DrdsException {
        return run(newRequestId(), Action.CREATE_BACKUP, rdsSubject(dbInstanceId),
                () -> backups.create(dbInstanceId, dbNames, "Logical"));
    }

    /** DescribeBackups: the server's backup sets, newest first. */
    public List<Backup> describeBackups(String dbInstanceId) throws DrdsException {
        return run(newRequestId(), Action.DESCRIBE_BACKUPS, rdsSubject(dbInstanceId),
                () -> backups.describe(dbInstanceId, null, null, null, null));
    }

    /** DeleteBackup: removes the set's files and its record. */
    public void deleteBackup(String dbInstanceId, String backupId) throws DrdsException {
        run(newRequestId(), Action.DELETE_BACKUP, rdsSubject(dbInstanceId), () -> {
            backups.delete(dbInstanceId, List.of(backupId));
            return null;
        });
    }

    // ---- shard moves (Shardline's)

    /**
     * MoveShardDb: moves shard database {@code dbName} (what split_table_info/split_range_info rows place on
     * {@code dbInstanceId}) to {@code targetDbInstanceId}, under the same name, while applications keep using it:
     * checks every precondition (throwing its code before anything is written), then copies, catches up from the
     * binary log, pauses writes on that shard only, switches its placements and resumes, in the background. The old
     * copy stays on the source under a new name ({@link ShardMove#oldCopyDbName()}) until {@link #dropMovedShardDb}.
     */
    public MoveTask moveShardDb(String dbInstanceId, String dbName, String targetDbInstanceId) throws DrdsException {
        return moveShardDb(dbInstanceId, dbName, targetDbInstanceId, null);
    }

    /** As {@link #moveShardDb(String, String, String)}, {@code listener} following the task. */
    public MoveTask moveShardDb(String dbInstanceId, String dbName, String targetDbInstanceId, CopyListener listener)
            throws DrdsException {
        String id = newRequestId();
        return run(id, Action.MOVE_SHARD_DB, rdsSubject(dbInstanceId + "/" + dbName),
                () -> moves.start(id, dbInstanceId, dbName, targetDbInstanceId, listener));
    }

    /** A move's state, progress and measurements (copy rate, catch-up, write pause), from any admin on the store. */
    public ShardMove describeMoveShardDbTask(String taskId) throws DrdsException {
        return run(newRequestId(), Action.DESCRIBE_MOVE_SHARD_DB_TASK, rdsSubject(taskId), () -> moves.describe(taskId));
    }

    /**
     * Cancels a move: before its pause it stops and removes what it made; a pause under way ends in the switch or its
     * rollback. For a move whose admin died: finishes it when it had switched, else rolls it back. Answers the move.
     */
    public ShardMove cancelMoveShardDbTask(String taskId) throws DrdsException {
        return run(newRequestId(), Action.CANCEL_MOVE_SHARD_DB_TASK, rdsSubject(taskId), () -> moves.cancel(taskId));
    }

    /** DropMovedShardDb: drops the old copy a finished move kept on its source. Answers the move. */
    public ShardMove dropMovedShardDb(String taskId) throws DrdsException {
        return run(newRequestId(), Action.DROP_MOVED_SHARD_DB, rdsSubject(taskId), () -> moves.drop(taskId));
    }

    // ---- XA transactions (not a spec action: DRDS keeps no decision log of the application's transactions)

    /**
     * Resolves now the XA branches that applications using this store left prepared on its masters (a JVM that died
     * in the middle of a commit): a branch whose commit decision is in the store's XA log is committed, every other
     * one rolled back. Drivers do the same when they start and every {@code xaRecoveryInterval}, but wait
     * {@code xaAbandonAfter} before rolling back; this call does not wait, so a transaction committing at this very
     * moment may be rolled back (it then says so). Runs as the servers' registered accounts.
     */
    public XaRecovery.Report recoverXaTransactions() throws DrdsException {
        return run(newRequestId(), "RecoverXaTransactions", "prepared XA branches", true, () -> {
            try (ShardlineRuntime runtime = ShardlineRuntime.open(estate.url())) {
                XaRecovery.Report report = runtime.recoverXa();
                LOG.info("XA recovery: {}", report);
                return report;
            }
        });
    }

    // ---- by name

    /**
     * Runs the action named {@code action} (either spelling the spec uses) with the spec's parameter names and string
     * values; answers the spec's fields, {@code RequestId} first. Common request parameters (Format, Version,
     * AccessKeyId, Signature...) are the HTTP layer's and are ignored here.
     */
    public Map<String, Object> call(String action, Map<String, String> params) throws DrdsException {
        return call(action, params, false);
    }

    /**
     * As {@link #call(String, Map)}; with {@code answerAtOnce}, CreateDrdsDB and DeleteDrdsDB answer as soon as their
     * checks passed and the database shows status 0 (creating) or 3 (deleting), as on DRDS: the servers are changed
     * in the background (still one change at a time) and DescribeDrdsDB(s) show the status move to 1 (running), 2 or
     * 4 (failed), or the database gone. Copies and moves answer at once either way.
     */
    public Map<String, Object> call(String action, Map<String, String> params, boolean answerAtOnce)
            throws DrdsException {
        String requestId = newRequestId();
        Action a;
        try {
            a = Action.of(action);
        } catch (DrdsException e) {
            throw e.withRequestId(requestId);
        }
        Params p;
        try {
            p = Params.of(a, params);
        } catch (DrdsException e) {
            throw e.withRequestId(requestId);
        }
        String subject = p.get("DrdsInstanceId") == null && p.get("DBInstanceId") != null
                ? rdsSubject(p.get("DBInstanceId")) : subject(p.get("DrdsInstanceId"), p.get("DbName"));
        List<Databases.Rest> later = answerAtOnce ? new ArrayList<>() : null;
        Map<String, Object> answer = run(requestId, a, subject, () -> calls.answer(requestId, a, p, later));
        if (later != null) {
            for (Databases.Rest rest : later) {
                background.execute(() -> finish(requestId, a, subject, rest));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        out.putAll(answer);
        return out;
    }

    /** The work an action answered at once left; its failure is recorded in the database's status, and logged. */
    private void finish(String requestId, Action a, String subject, Databases.Rest rest) {
        try {
            run(requestId, a.specName() + " (continued)", subject, true, () -> {
                rest.run();
                return null;
            });
        } catch (DrdsException e) {
            // logged by run(); DescribeDrdsDB shows the failed status and its message
        }
    }

    /** The spec name of an action given in either spelling, or null when there is no such action. */
    public static String actionName(String given) {
        try {
            return Action.of(given).specName();
        } catch (DrdsException e) {
            return null;
        }
    }

    /** The access keys of the HTTP API ({@code admin_access_key} in the store). */
    public AccessKeys accessKeys() {
        return accessKeys;
    }

    /** Where this admin's answers come from, for the spec's HostId of an error: the store, without secrets. */
    public String hostId() {
        return estate.url().toString();
    }

    /** Test seam: called before each step that changes a server, so a test can stop a server part-way. */
    void observeSteps(Consumer<String> observer) {
        estate.observeSteps(observer);
    }

    // ---- plumbing

    private interface Body<T> {
        T run() throws DrdsException, SQLException;
    }

    private interface Work {
        void run() throws DrdsException, SQLException;
    }

    /** An action that changes something and answers nothing but its RequestId. */
    private void perform(Action a, String subject, Work work) throws DrdsException {
        perform(a.specName(), subject, work);
    }

    private void perform(String action, String subject, Work work) throws DrdsException {
        run(newRequestId(), action, subject, true, () -> {
            work.run();
            return null;
        });
    }

    private <T> T run(String requestId, Action a, String subject, Body<T> body) throws DrdsException {
        // a backup changes no estate metadata and may run long: it does not hold the other actions back
        boolean changes = !a.specName().startsWith("Describe") && a != Action.CREATE_BACKUP
                && a != Action.CANCEL_COPY_DATABASE_TASK && a != Action.CANCEL_MOVE_SHARD_DB_TASK;
        return run(requestId, a.specName(), subject, changes, body);
    }

    private <T> T run(String requestId, String action, String subject, boolean changes, Body<T> body)
            throws DrdsException {
        long started = System.nanoTime();
        try {
            T out;
            if (changes) {
                synchronized (this.changes) {
                    out = body.run();
                }
            } else {
                out = body.run();
            }
            LOG.info("{} {} {}: done in {} ms", requestId, action, subject, (System.nanoTime() - started) / 1_000_000);
            return out;
        } catch (DrdsException e) {
            if (e.httpStatus() >= 500) {
                LOG.warn("{} {} {}: {}", requestId, action, subject, printable(e.getMessage()));
            } else {
                LOG.info("{} {} {}: refused: {}", requestId, action, subject, printable(e.getMessage()));
            }
            throw e.withRequestId(requestId);
        } catch (SQLException e) {
            DrdsException d = Failures.of(e, action + " " + subject + " failed");
            LOG.warn("{} {} {}: {}", requestId, action, subject, printable(d.getMessage()));
            throw d.withRequestId(requestId);
        } catch (RuntimeException e) {
            LOG.error("{} {} {}: unexpected failure", requestId, action, subject, e);
            throw DrdsError.INTERNAL_SERVER_ERROR.with(action + " failed unexpectedly: " + e, e).withRequestId(requestId);
        }
    }

    private static String rdsSubject(String name) {
        return printable(String.valueOf(name));
    }

    private static String subject(String drdsInstanceId, String dbName) {
        return printable(dbName == null ? String.valueOf(drdsInstanceId) : drdsInstanceId + "/" + dbName);
    }

    /** Caller-given text bound for a log line, without the line breaks that could forge another line. */
    private static String printable(String text) {
        return io.shardline.router.Secrets.mask(text).replaceAll("\\p{Cntrl}", " ");
    }

    /** Upper-case UUIDs, as the spec's examples ({@code 4C467B38-3910-447D-87BC-AC049166F216}). */
    private static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
