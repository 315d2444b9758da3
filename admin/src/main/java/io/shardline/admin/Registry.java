package io.shardline.admin;

import io.shardline.admin.Rows.Rds;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Registering MySQL servers as RDS instances (not a spec action). A registration is checked against the server
 * itself before it is written: the account logs in and can read {@code mysql.user}. The server becomes a
 * {@code server_info} row (its admin password sealed) named in {@code rds_instance}.
 */
final class Registry {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,255}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    private final Estate estate;

    Registry(Estate estate) {
        this.estate = estate;
    }

    void register(RdsRegistration r) throws DrdsException, SQLException {
        if (!Names.isRdsName(r.instanceName())) {
            throw DrdsError.malformed("InstanceName", "RDS instance name '" + r.instanceName() + "' must be a letter"
                    + " then letters, digits, _ or -, at most 64 characters");
        }
        if (r.regionId() == null || !REGION.matcher(r.regionId()).matches()) {
            throw DrdsError.INVALID_REGION_ID.with("RegionId '" + r.regionId() + "' is not a region id (cn-hangzhou)");
        }
        if (r.host() == null || !HOST.matcher(r.host()).matches() || r.port() < 1 || r.port() > 65535) {
            throw DrdsError.malformed("Host", "'" + r.host() + ":" + r.port() + "' is not a host and port");
        }
        if (r.user() == null || !USER.matcher(r.user()).matches() || r.password() == null) {
            throw DrdsError.malformed("User", "an RDS registration needs the admin account's user and password");
        }
        try (Metadata m = estate.metadata()) {
            Rds existing = m.rds(r.instanceName());
            int masterId = master(m, r);
            if (existing != null) {
                if (existing.host().equals(r.host()) && existing.port() == r.port() && existing.masterId() == masterId) {
                    return; // the same registration again: nothing to do
                }
                throw DrdsError.INVALID_PARAMETER.with("RDS instance name " + r.instanceName() + " is already registered"
                        + " for " + existing.address());
            }
            Integer taken = m.serverAt(r.host(), r.port());
            if (taken != null) {
                throw DrdsError.INVALID_PARAMETER.with(r.host() + ":" + r.port() + " is already server " + taken
                        + " in server_info");
            }
            check(r);
            m.insertRds(r.instanceName(), r.regionId(), r.host(), r.port(), r.user(), estate.seal(r.password()), masterId);
            m.touch();
        }
    }

    private static int master(Metadata m, RdsRegistration r) throws DrdsException, SQLException {
        if (r.masterInstanceName() == null) {
            return 0;
        }
        Rds master = m.rds(r.masterInstanceName());
        if (master == null || !master.isMaster()) {
            throw DrdsError.INVALID_MAIN_INSTANCE.with("the master of replica " + r.instanceName() + ", '"
                    + r.masterInstanceName() + "', is not a registered master RDS instance");
        }
        if (!master.regionId().equals(r.regionId())) {
            throw DrdsError.RDS_REGION_MISMATCH.with("replica " + r.instanceName() + " is in " + r.regionId()
                    + ", its master " + master.name() + " in " + master.regionId());
        }
        return master.serverId();
    }

    /** The account must log in and see the accounts it will manage. */
    private void check(RdsRegistration r) throws DrdsException {
        String where = r.user() + "@" + r.host() + ":" + r.port();
        try (RdsSession s = estate.open("new rds " + r.instanceName(), r.host(), r.port(), r.user(), r.password())) {
            try {
                s.hostsOf(r.user());
            } catch (SQLException e) {
                throw DrdsError.INVALID_PARAMETER.with(where + " cannot read mysql.user, so it cannot manage DRDS"
                        + " accounts: " + Failures.describe(e), e);
            }
        } catch (SQLException e) {
            throw Failures.of(e, "cannot log in to " + where + " to register it");
        }
    }

    void unregister(String name) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Rds rds = Names.isRdsName(name) ? m.rds(name) : null;
            if (rds == null) {
                throw DrdsError.INVALID_PARAMETER.with("RDS instance '" + name + "' is not registered");
            }
            List<String> uses = m.usesOfServer(rds.serverId());
            if (!uses.isEmpty()) {
                throw DrdsError.INVALID_PARAMETER.with(rds + " is still used by " + String.join(", ", uses));
            }
            m.deleteRds(name, rds.serverId());
            m.touch();
        }
    }
}
