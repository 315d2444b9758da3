package io.shardline.admin;

import io.shardline.admin.Rows.Db;
import io.shardline.admin.Rows.DbObject;
import io.shardline.admin.Rows.Kind;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts of a DRDS database: ModifyDrdsDBPswd, ModifyDrdsIpWhiteList, DescribeDrdsDBIpWhiteList and the
 * read-only account's four actions. A database's account and its read-only account ({@code <db>_ro}) exist on
 * every server of the database and on the config database's server, with the white list as their host patterns.
 * A change that a server refuses part-way is undone on the servers it already reached, then reported.
 */
final class Accounts {
    private final Estate estate;

    Accounts(Estate estate) {
        this.estate = estate;
    }

    void modifyPassword(Action a, String instanceId, String dbName, String newPassword) throws DrdsException, SQLException {
        Names.password(newPassword, DrdsError.INVALID_NEW_PASSWD, "NewPasswd");
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = Lookups.runningDb(m, a, instanceId, dbName, estate);
            changePassword(sessions, servers(m.objects(db), db.dbName()), db.dbName(), estate.open(db.sealedPassword()),
                    newPassword, DrdsError.UPDATE_DB_PASSWORD_FAILED, DrdsError.DB_USER_NOT_FOUND);
            m.setPassword(db, estate.seal(newPassword));
        }
    }

    void modifyWhiteList(Action a, String instanceId, String dbName, List<String> entries, boolean append)
            throws DrdsException, SQLException {
        List<String> given = WhiteList.toHosts(entries);
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = Lookups.runningDb(m, a, instanceId, dbName, estate);
            Set<String> target = new LinkedHashSet<>(append ? db.whiteList() : List.of());
            target.addAll(given);
            List<String> hosts = WhiteList.limit(List.copyOf(target));
            List<DbObject> objects = m.objects(db);
            List<DbObject> accounts = new ArrayList<>();
            for (DbObject o : objects) {
                if (o.kind() == Kind.ACCOUNT && o.created()
                        && (o.name().equals(db.dbName()) || db.sealedRoPassword() != null)) {
                    accounts.add(o);
                }
            }
            List<DbObject> done = new ArrayList<>();
            for (DbObject o : accounts) {
                try {
                    sessions.get(o.serverId()).syncAccount(spec(db, objects, o, hosts));
                    done.add(o);
                } catch (SQLException e) {
                    done.add(o); // it may have changed part of its host patterns before failing
                    String undo = undo(done, "put back on the previous white list", x -> sessions.get(x.serverId())
                            .syncAccount(spec(db, objects, x, db.whiteList())), sessions);
                    throw Failures.of(e, "changing the white list of " + o.name() + " on "
                            + sessions.label(o.serverId()) + undo);
                }
            }
            m.setWhiteList(db, hosts);
        }
    }

    /** The host patterns of the database's account on its servers, as white-list entries. */
    List<String> describeWhiteList(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = Lookups.db(m, a, instanceId, dbName);
            Set<String> found = new LinkedHashSet<>();
            for (int serverId : servers(m.objects(db), db.dbName())) {
                try {
                    found.addAll(sessions.get(serverId).hostsOf(db.dbName()));
                } catch (SQLException e) {
                    throw Failures.of(e, "reading the host patterns of " + db.dbName() + " on " + sessions.label(serverId));
                }
            }
            List<String> ordered = new ArrayList<>(db.whiteList());
            ordered.retainAll(found);
            found.stream().filter(h -> !ordered.contains(h)).sorted().forEach(ordered::add);
            return WhiteList.toEntries(ordered);
        }
    }

    ReadOnlyAccount createReadOnly(Action a, String instanceId, String dbName, String password)
            throws DrdsException, SQLException {
        Names.password(password, DrdsError.INVALID_PASSWORD, "password");
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = readOnlyTarget(m, a, instanceId, dbName);
            String ro = db.readOnlyAccount();
            if (db.sealedRoPassword() != null) {
                if (same(estate.open(db.sealedRoPassword()), password)) {
                    return new ReadOnlyAccount(instanceId, dbName, ro); // a retry of a creation that succeeded
                }
                throw DrdsError.CREATE_READ_ONLY_ACCOUNT_FAILED.with(db + " already has the read-only account " + ro
                        + "; ModifyReadOnlyAccountPassword changes its password");
            }
            List<DbObject> objects = m.objects(db);
            List<DbObject> planned = new ArrayList<>();
            boolean leftovers = false;
            for (int serverId : servers(objects, db.dbName())) {
                planned.add(new DbObject(serverId, Kind.ACCOUNT, ro, true));
            }
            for (DbObject o : objects) {
                leftovers |= o.name().equals(ro);
            }
            if (!leftovers) { // leftovers of a failed attempt are ours; otherwise the name must be free everywhere
                for (DbObject o : planned) {
                    try {
                        if (!sessions.get(o.serverId()).hostsOf(ro).isEmpty()) {
                            throw DrdsError.CREATE_READ_ONLY_ACCOUNT_FAILED.with(sessions.label(o.serverId())
                                    + " already has an account named " + ro + " that Shardline did not make");
                        }
                    } catch (SQLException e) {
                        throw Failures.as(DrdsError.CREATE_READ_ONLY_ACCOUNT_FAILED, e, "checking "
                                + sessions.label(o.serverId()) + " (nothing was changed)");
                    }
                }
            }
            m.insertObjects(db, planned);
            List<DbObject> done = new ArrayList<>();
            for (DbObject o : planned) {
                try {
                    estate.step("CreateReadOnlyAccount " + ro + " on " + sessions.label(o.serverId()));
                    done.add(o);
                    sessions.get(o.serverId()).syncAccount(AccountSpec.of(db, objects, o.serverId(), ro, password,
                            db.whiteList(), estate.configDatabase()));
                } catch (SQLException e) {
                    String undo = undo(done, "removed", x -> {
                        sessions.get(x.serverId()).dropAccount(ro);
                        m.deleteObject(db, x);
                    }, sessions);
                    throw Failures.as(DrdsError.CREATE_READ_ONLY_ACCOUNT_FAILED, e, "creating " + ro + " on "
                            + sessions.label(o.serverId()) + undo);
                }
            }
            m.setReadOnlyPassword(db, estate.seal(password));
            return new ReadOnlyAccount(instanceId, dbName, ro);
        }
    }

    ReadOnlyAccount describeReadOnly(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Db db = readOnlyTarget(m, a, instanceId, dbName);
            return new ReadOnlyAccount(instanceId, dbName, db.sealedRoPassword() == null ? null : db.readOnlyAccount());
        }
    }

    void modifyReadOnlyPassword(Action a, String instanceId, String dbName, String accountName, String originPassword,
                                String newPassword) throws DrdsException, SQLException {
        Names.password(newPassword, DrdsError.INVALID_PASSWORD, "NewPassword");
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = readOnlyTarget(m, a, instanceId, dbName);
            requireReadOnly(db, accountName);
            String old = estate.open(db.sealedRoPassword());
            if (originPassword == null || !same(old, originPassword)) {
                throw DrdsError.INVALID_PASSWORD.with("OriginPassword is not the current password of " + accountName);
            }
            changePassword(sessions, servers(m.objects(db), accountName), accountName, old, newPassword,
                    DrdsError.UPDATE_READ_ONLY_PASSWORD_FAILED, DrdsError.READ_ONLY_ACCOUNT_NOT_FOUND);
            m.setReadOnlyPassword(db, estate.seal(newPassword));
        }
    }

    void removeReadOnly(Action a, String instanceId, String dbName, String accountName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = readOnlyTarget(m, a, instanceId, dbName);
            List<DbObject> made = new ArrayList<>();
            for (DbObject o : m.objects(db)) {
                if (o.kind() == Kind.ACCOUNT && o.name().equals(db.readOnlyAccount())) {
                    made.add(o);
                }
            }
            if (!db.readOnlyAccount().equals(accountName) || (db.sealedRoPassword() == null && made.isEmpty())) {
                throw DrdsError.READ_ONLY_ACCOUNT_NOT_FOUND.with(db + " has no read-only account '" + accountName + "'");
            }
            for (DbObject o : made) {
                try {
                    estate.step("RemoveReadOnlyAccount " + accountName + " on " + sessions.label(o.serverId()));
                    sessions.get(o.serverId()).dropAccount(accountName);
                    m.deleteObject(db, o);
                } catch (SQLException e) {
                    throw Failures.as(DrdsError.REMOVE_DB_USER_FAILED, e, "removing " + accountName + " from "
                            + sessions.label(o.serverId()) + "; it is still listed and RemoveReadOnlyAccount retries");
                }
            }
            m.setReadOnlyPassword(db, null);
        }
    }

    /** The read-only actions' checks: instance running, database running, each with its own code. */
    private Db readOnlyTarget(Metadata m, Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        Rows.Instance instance = Lookups.instance(m, a, instanceId);
        if (instance.status() != 0) {
            throw DrdsError.INSTANCE_NOT_RUNNING.with("instance " + instanceId + " has status " + instance.status());
        }
        Db db = Lookups.db(m, a, instanceId, dbName);
        DbStatus status = estate.statusOf(db);
        if (status != DbStatus.RUNNING) {
            throw DrdsError.DB_NOT_RUNNING.with(db + " is not running (status " + status.code() + ")");
        }
        return db;
    }

    private static void requireReadOnly(Db db, String accountName) throws DrdsException {
        if (db.sealedRoPassword() == null || !db.readOnlyAccount().equals(accountName)) {
            throw DrdsError.READ_ONLY_ACCOUNT_NOT_FOUND.with(db + " has no read-only account '" + accountName + "'");
        }
    }

    /** Sets the password on every server, or, when one refuses, puts the old one back where it was changed. */
    private void changePassword(Sessions sessions, List<Integer> serverIds, String user, String oldPassword,
                                String newPassword, DrdsError failed, DrdsError notFound) throws DrdsException {
        List<Integer> done = new ArrayList<>();
        for (int serverId : serverIds) {
            boolean found;
            try {
                estate.step("set the password of " + user + " on " + sessions.label(serverId));
                found = sessions.get(serverId).setPassword(user, newPassword);
            } catch (SQLException e) {
                throw Failures.as(failed, e, "setting the password of " + user + " on " + sessions.label(serverId)
                        + undoPasswords(done, user, oldPassword, sessions));
            }
            if (!found) {
                throw notFound.with(sessions.label(serverId) + " has no account " + user
                        + undoPasswords(done, user, oldPassword, sessions));
            }
            done.add(serverId);
        }
    }

    private String undoPasswords(List<Integer> done, String user, String oldPassword, Sessions sessions) {
        List<DbObject> objects = done.stream().map(id -> new DbObject(id, Kind.ACCOUNT, user, true)).toList();
        return undo(objects, "restored to the old password", o -> sessions.get(o.serverId()).setPassword(user, oldPassword),
                sessions);
    }

    private interface Undo {
        void apply(DbObject o) throws SQLException;
    }

    /** Undoes a change on the servers it reached; says how that went, for the error message. */
    private static String undo(List<DbObject> done, String what, Undo undo, Sessions sessions) {
        List<String> failed = new ArrayList<>();
        for (DbObject o : done) {
            try {
                undo.apply(o);
            } catch (SQLException e) {
                failed.add(sessions.label(o.serverId()) + " (" + e.getMessage() + ")");
            }
        }
        if (done.isEmpty()) {
            return "; nothing was changed";
        }
        return failed.isEmpty() ? "; the " + done.size() + " server(s) already changed were " + what
                : "; undoing failed on " + String.join(", ", failed) + ", so servers disagree until this action succeeds";
    }

    private AccountSpec spec(Db db, List<DbObject> objects, DbObject account, List<String> hosts) throws SQLException {
        String password = estate.open(account.name().equals(db.dbName()) ? db.sealedPassword() : db.sealedRoPassword());
        return AccountSpec.of(db, objects, account.serverId(), account.name(), password, hosts, estate.configDatabase());
    }

    /** The servers where {@code user}'s account was made for the database, in order. */
    static List<Integer> servers(List<DbObject> objects, String user) {
        List<Integer> ids = new ArrayList<>();
        for (DbObject o : objects) {
            if (o.kind() == Kind.ACCOUNT && o.created() && o.name().equals(user) && !ids.contains(o.serverId())) {
                ids.add(o.serverId());
            }
        }
        return ids;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
