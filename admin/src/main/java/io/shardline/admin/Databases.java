package io.shardline.admin;

import io.shardline.admin.Rows.Db;
import io.shardline.admin.Rows.DbObject;
import io.shardline.admin.Rows.Kind;
import io.shardline.admin.Rows.Rds;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a DRDS database: CreateDrdsDB, DescribeDrdsDB(s), DeleteDrdsDB, DeleteFailedDrdsDB.
 * <p>Creation checks every parameter and then every server (names free, reachable) before it changes anything;
 * then it records the database as creating (0) with each object it will make, makes them server by server, marking
 * each as made, and ends running (1). A server that fails a step leaves the database failed (2), its message naming
 * the step; DeleteFailedDrdsDB removes exactly what was made. Deletion (3) removes accounts first, then databases,
 * then the metadata; a server that cannot be reached leaves it failed (4) with what remains, for a later retry.
 */
final class Databases {
    private final Estate estate;

    Databases(Estate estate) {
        this.estate = estate;
    }

    /** Shard database {@code n} of a DRDS database: {@code <db>_0000}, {@code <db>_0001}, ... */
    static String shardName(String dbName, int n) {
        return dbName + "_" + String.format("%04d", n);
    }

    /** What is left of an action once its checks passed and its status says so: the slow work on the servers. */
    interface Rest {
        void run() throws DrdsException, SQLException;
    }

    void create(Action a, String instanceId, String dbName, String encode, String password, List<String> rdsNames)
            throws DrdsException, SQLException {
        startCreate(a, instanceId, dbName, encode, password, rdsNames).run();
    }

    /**
     * Checks every parameter and server, records the database as creating (status 0), and answers the building of
     * its shard databases and accounts, to run now or in the background.
     */
    Rest startCreate(Action a, String instanceId, String dbName, String encode, String password, List<String> rdsNames)
            throws DrdsException, SQLException {
        Names.dbName(dbName);
        String charset = Charsets.encode(encode);
        Names.password(password, DrdsError.INVALID_PASSWORD, "Password");
        if (rdsNames == null || rdsNames.isEmpty()) {
            throw DrdsError.malformed("RdsInstances", "RdsInstances names no RDS instance");
        }
        if (new HashSet<>(rdsNames).size() != rdsNames.size()) {
            throw DrdsError.PARAMETER_MISMATCH.with("RdsInstances names an RDS instance twice: " + rdsNames);
        }
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Rows.Instance instance = Lookups.instance(m, a, instanceId);
            List<Rds> servers = new ArrayList<>();
            for (String name : rdsNames) {
                Rds rds = Names.isRdsName(name) ? m.rds(name) : null;
                if (rds == null) {
                    throw DrdsError.PARAMETER_MISMATCH.with("RDS instance '" + name + "' is not registered with this"
                            + " Shardline store (ShardlineAdmin.registerRds)");
                }
                if (!rds.isMaster()) {
                    throw DrdsError.PARAMETER_MISMATCH.with(rds + " is a read-only replica; shards live on masters");
                }
                if (!rds.regionId().equals(instance.regionId())) {
                    throw DrdsError.RDS_REGION_MISMATCH.with(rds + " is in region " + rds.regionId() + ", instance "
                            + instanceId + " in " + instance.regionId());
                }
                servers.add(rds);
            }
            if (m.db(instanceId, dbName) != null) {
                throw DrdsError.DB_NAME_DUPLICATED.with("instance " + instanceId + " already has a database " + dbName);
            }
            if (m.dbCount(instanceId) >= estate.options().dbQuota()) {
                throw DrdsError.QUOTA_EXCEEDED_DB.with("instance " + instanceId + " has " + m.dbCount(instanceId)
                        + " databases, its quota");
            }
            List<DbObject> plan = plan(dbName, servers);
            probe(sessions, dbName, plan);
            long now = System.currentTimeMillis();
            Db db = new Db(instanceId, dbName, charset, DbStatus.CREATING, "creating", now, now,
                    estate.seal(password), WhiteList.ANY_HOST, null);
            if (!m.insertDb(db, plan)) {
                throw DrdsError.DB_NAME_DUPLICATED.with("instance " + instanceId + " already has a database " + dbName);
            }
            return () -> {
                try (Metadata later = estate.metadata(); Sessions laterSessions = new Sessions(estate, later)) {
                    // run later (over HTTP) and queued past staleAfter, it may have been cleaned as failed meanwhile:
                    // building then would leave objects no row records
                    Db current = later.db(instanceId, dbName);
                    if (current == null || current.status() != DbStatus.CREATING
                            || current.createTime() != db.createTime()) {
                        throw DrdsError.CONFLICT_WITH_ANOTHER_ACTION.with(db + " changed before its creation ran");
                    }
                    build(later, laterSessions, db, plan, password);
                }
            };
        }
    }

    /** Per server: its shard databases, then the account; last the account on the config database's server. */
    private List<DbObject> plan(String dbName, List<Rds> servers) {
        List<DbObject> plan = new ArrayList<>();
        int n = 0;
        for (Rds rds : servers) {
            for (int i = 0; i < estate.options().shardsPerRds(); i++) {
                plan.add(new DbObject(rds.serverId(), Kind.DATABASE, shardName(dbName, n++), false));
            }
            plan.add(new DbObject(rds.serverId(), Kind.ACCOUNT, dbName, false));
        }
        if (estate.hasConfigServer()) {
            plan.add(new DbObject(Rows.CONFIG_SERVER, Kind.ACCOUNT, dbName, false));
        }
        return plan;
    }

    /** Every server answers, and none has a database or an account of the names the plan will make. */
    private void probe(Sessions sessions, String dbName, List<DbObject> plan) throws DrdsException {
        for (int serverId : serverIds(plan)) {
            RdsSession s;
            try {
                s = sessions.get(serverId);
                Set<String> taken = s.existingDatabases(names(plan, serverId, Kind.DATABASE));
                if (!taken.isEmpty()) {
                    throw DrdsError.RDS_DB_NAME_EXISTS.with(s.label() + " already has database(s) " + taken);
                }
                if (!s.hostsOf(dbName).isEmpty()) {
                    throw DrdsError.RDS_ACCOUNT_EXISTS.with(s.label() + " already has an account named " + dbName);
                }
            } catch (SQLException e) {
                throw Failures.of(e, "checking " + sessions.label(serverId) + " before creating " + dbName
                        + " (nothing was changed)");
            }
        }
    }

    /** One step of a creation: the shard databases, or the account, on one server. */
    private record Step(int serverId, Kind kind) {
    }

    private void build(Metadata m, Sessions sessions, Db db, List<DbObject> plan, String password)
            throws DrdsException, SQLException {
        List<Step> steps = new ArrayList<>();
        for (DbObject o : plan) {
            Step step = new Step(o.serverId(), o.kind());
            if (!steps.contains(step)) {
                steps.add(step);
            }
        }
        String current = "";
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                current = "step " + (i + 1) + "/" + steps.size() + " on " + sessions.label(step.serverId()) + ": "
                        + (step.kind() == Kind.DATABASE ? "create shard databases" : "create account " + db.dbName());
                m.setStatus(db, DbStatus.CREATING, current);
                estate.step(current);
                RdsSession s = sessions.get(step.serverId());
                for (DbObject o : plan) {
                    if (o.serverId() != step.serverId() || o.kind() != step.kind()) {
                        continue;
                    }
                    if (o.kind() == Kind.DATABASE) {
                        s.createDatabase(o.name(), db.charset());
                        m.markCreated(db, o, true);
                    } else {
                        // marked first: the probe saw no such account, so whatever exists after a failure is ours
                        m.markCreated(db, o, true);
                        s.syncAccount(AccountSpec.of(db, plan, o.serverId(), o.name(), password, db.whiteList(),
                                estate.configDatabase()));
                    }
                }
            }
        } catch (SQLException e) {
            String msg = "failed at " + current + ": " + Failures.describe(e)
                    + "; DeleteFailedDrdsDB removes what was made";
            try {
                m.setStatus(db, DbStatus.CREATE_FAILED, msg);
            } catch (SQLException unrecorded) {
                e.addSuppressed(unrecorded); // the store is down too: the database turns failed when it goes stale
            }
            throw Failures.of(e, "CreateDrdsDB " + db.dbName() + " failed at " + current + "; the database is left in"
                    + " status 2 (failed) and DeleteFailedDrdsDB removes what was made");
        }
        m.setStatus(db, DbStatus.RUNNING, "");
    }

    DrdsDb describe(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            return toAnswer(Lookups.db(m, a, instanceId, dbName));
        }
    }

    List<DrdsDb> list(Action a, String instanceId) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Lookups.instance(m, a, instanceId);
            List<DrdsDb> out = new ArrayList<>();
            for (Db db : m.dbs(instanceId)) {
                out.add(toAnswer(db));
            }
            return out;
        }
    }

    private DrdsDb toAnswer(Db db) {
        DbStatus status = estate.statusOf(db);
        String msg = status == db.status() ? db.msg() : "no progress for " + estate.options().staleAfter().toMinutes()
                + " minutes (the admin running it stopped) after: " + db.msg();
        return new DrdsDb(db.dbName(), Integer.toString(status.code()), db.createTime(), msg, "horizontal");
    }

    void delete(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        startDelete(a, instanceId, dbName).run();
    }

    /** Checks the database is running, records it as deleting (status 3), and answers the removal, to run later. */
    Rest startDelete(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Db db = Lookups.db(m, a, instanceId, dbName);
            DbStatus status = estate.statusOf(db);
            switch (status) {
                case CREATING -> throw DrdsError.DB_IS_CREATING.with(db + " is being created");
                case RUNNING -> {
                    Db deleting = markDeleting(m, db, a);
                    return () -> {
                        try (Metadata later = estate.metadata()) {
                            remove(later, deleting, a);
                        }
                    };
                }
                default -> throw DrdsError.DB_DELETING_OR_FAILED.with(db + " is " + (status == DbStatus.DELETING
                        ? "being deleted" : "failed (" + db.msg() + "); use DeleteFailedDrdsDB"));
            }
        }
    }

    void deleteFailed(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Db db = Lookups.db(m, a, instanceId, dbName);
            DbStatus status = estate.statusOf(db);
            switch (status) {
                case CREATING -> throw DrdsError.DB_IS_CREATING.with(db + " is being created");
                case DELETING -> throw DrdsError.DB_DELETING_OR_FAILED.with(db + " is being deleted");
                case RUNNING -> throw DrdsError.PARAMETER_MISMATCH.with(db + " is running, not failed; use DeleteDrdsDB");
                default -> dismantle(m, db, a);
            }
        }
    }

    /**
     * Removes every object made for the database (accounts first, so nothing new gets in), then its metadata.
     * Continues past a server that fails, so one pass removes all it can; what remains is named in the failed state.
     */
    private void dismantle(Metadata m, Db seen, Action a) throws DrdsException, SQLException {
        remove(m, markDeleting(m, seen, a), a);
    }

    /** Compare-and-set to deleting: a database another action changed meanwhile is not deleted on a stale view. */
    private static Db markDeleting(Metadata m, Db seen, Action a) throws DrdsException, SQLException {
        if (!m.compareAndSetStatus(seen, DbStatus.DELETING, "deleting")) {
            throw DrdsError.CONFLICT_WITH_ANOTHER_ACTION.with(seen + " changed while " + a + " looked at it; try again");
        }
        return seen;
    }

    private void remove(Metadata m, Db seen, Action a) throws DrdsException, SQLException {
        List<DbObject> objects = new ArrayList<>(m.objects(seen));
        objects.sort(Comparator.comparing(DbObject::kind)); // accounts first
        List<String> remaining = new ArrayList<>();
        SQLException first = null;
        try (Sessions sessions = new Sessions(estate, m)) {
            for (DbObject o : objects) {
                if (!o.created()) {
                    m.deleteObject(seen, o); // planned, never made
                    continue;
                }
                try {
                    estate.step(a + " " + seen.dbName() + " on " + sessions.label(o.serverId()) + ": drop "
                            + o.kind().name().toLowerCase(Locale.ROOT) + " " + o.name());
                    RdsSession s = sessions.get(o.serverId());
                    if (o.kind() == Kind.ACCOUNT) {
                        s.dropAccount(o.name());
                    } else {
                        s.dropDatabase(o.name());
                    }
                    m.deleteObject(seen, o);
                } catch (SQLException e) {
                    first = first == null ? e : first;
                    remaining.add(o.kind().name().toLowerCase(Locale.ROOT) + " " + o.name() + " on "
                            + sessions.label(o.serverId()));
                }
            }
        }
        if (first == null) {
            m.deleteDb(seen);
            return;
        }
        m.setStatus(seen, DbStatus.DELETE_FAILED, "not removed yet: " + String.join(", ", remaining) + " ("
                + Failures.describe(first) + "); call DeleteFailedDrdsDB again when the servers answer");
        throw Failures.of(first, a + " " + seen.dbName() + " could not remove " + remaining.size() + " object(s); the"
                + " database is left in status 4 (failed) and DeleteFailedDrdsDB retries");
    }

    static List<Integer> serverIds(List<DbObject> objects) {
        List<Integer> ids = new ArrayList<>();
        for (DbObject o : objects) {
            if (!ids.contains(o.serverId())) {
                ids.add(o.serverId());
            }
        }
        return ids;
    }

    static List<String> names(List<DbObject> objects, int serverId, Kind kind) {
        List<String> out = new ArrayList<>();
        for (DbObject o : objects) {
            if (o.serverId() == serverId && o.kind() == kind) {
                out.add(o.name());
            }
        }
        return out;
    }
}
