package io.shardline.admin;

import io.shardline.admin.Rows.Db;
import io.shardline.admin.Rows.DbObject;
import io.shardline.admin.Rows.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * What one MySQL account of a DRDS database must be on one server: its host patterns (the white list), its
 * password, and its grants. Never prints the password.
 */
record AccountSpec(String user, String password, List<String> hosts, List<Grant> grants) {
    /** {@code GRANT privileges ON target}; target is already quoted ({@code `shop_0000`.*}). */
    record Grant(String privileges, String target) {
    }

    /** A DRDS account's rights in its shard databases: data and DDL, nothing outside them, no GRANT OPTION. */
    static final String READ_WRITE = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES,"
            + " CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER";
    static final String READ_ONLY = "SELECT";

    AccountSpec {
        hosts = List.copyOf(hosts);
        grants = List.copyOf(grants);
    }

    /**
     * The database's account {@code user} (its own, or its read-only one) on server {@code serverId}: rights in the
     * shard databases planned there, or on the config database's server SELECT on the tables a driver reads (and for
     * its own account the right to take ids from {@code global_sequence}, which AUTO_INCREMENT columns of sharded
     * tables use).
     */
    static AccountSpec of(Db db, List<DbObject> objects, int serverId, String user, String password,
                          List<String> hosts, String configDatabase) {
        List<Grant> grants = new ArrayList<>();
        if (serverId == Rows.CONFIG_SERVER) {
            for (String table : AdminSchema.DRIVER_TABLES) {
                grants.add(new Grant(READ_ONLY, Names.quoteName(configDatabase) + "." + Names.quoteName(table)));
            }
            if (user.equals(db.dbName())) {
                grants.add(new Grant("SELECT, INSERT, UPDATE", Names.quoteName(configDatabase) + "."
                        + Names.quoteName("global_sequence")));
            }
        } else {
            String privileges = user.equals(db.dbName()) ? READ_WRITE : READ_ONLY;
            for (DbObject o : objects) {
                if (o.serverId() == serverId && o.kind() == Kind.DATABASE) {
                    grants.add(new Grant(privileges, Names.quoteName(o.name()) + ".*"));
                }
            }
        }
        return new AccountSpec(user, password, hosts, grants);
    }

    @Override
    public String toString() {
        return "account " + user + "@" + hosts + " " + grants;
    }
}
