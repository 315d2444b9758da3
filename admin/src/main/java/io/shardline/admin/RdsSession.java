package io.shardline.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The admin's connection to one MySQL server (a registered RDS instance, or the config database's server) and the
 * statements it runs there: shard databases and accounts. Statements carrying a password bind it, and a failure
 * of one is re-thrown without the server's text quoting it. Not thread-safe: one per action and server.
 */
final class RdsSession implements AutoCloseable {
    private final String label;
    private final Connection c;

    RdsSession(String label, Connection c) {
        this.label = label;
        this.c = c;
    }

    /** Which server this is, for messages: {@code rds rdsA (server 1, 10.0.0.1:3306)}. */
    String label() {
        return label;
    }

    void ping() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }

    /** Those of {@code names} that exist on this server. */
    TreeSet<String> existingDatabases(Collection<String> names) throws SQLException {
        TreeSet<String> found = new TreeSet<>();
        if (names.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME IN (" + marks + ")")) {
            int i = 1;
            for (String n : names) {
                ps.setString(i++, n);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** The host patterns of account {@code user} on this server, empty when there is no such account. */
    List<String> hostsOf(String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
        }
        return hosts;
    }

    void createDatabase(String name, String charset) throws SQLException {
        execute("CREATE DATABASE " + Names.quoteName(name) + " DEFAULT CHARACTER SET " + Charsets.require(charset));
    }

    void dropDatabase(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + Names.quoteName(name));
    }

    /**
     * Makes the account exactly {@code spec}: each host pattern exists with the password and the grants, and host
     * patterns not in the spec are dropped. New patterns are made before old ones go, so a host listed in both the
     * old and the new white list never loses access.
     */
    void syncAccount(AccountSpec spec) throws SQLException {
        List<String> existing = hostsOf(spec.user());
        for (String host : spec.hosts()) {
            String account = Names.account(spec.user(), host);
            executeWithSecret((existing.contains(host) ? "ALTER USER " : "CREATE USER ") + account, spec.password());
            for (AccountSpec.Grant g : spec.grants()) {
                execute("GRANT " + g.privileges() + " ON " + g.target() + " TO " + account);
            }
        }
        for (String host : existing) {
            if (!spec.hosts().contains(host)) {
                execute("DROP USER " + Names.account(spec.user(), host));
            }
        }
    }

    /** Sets the password of every host pattern of {@code user}; false when this server has no such account. */
    boolean setPassword(String user, String password) throws SQLException {
        List<String> hosts = hostsOf(user);
        for (String host : hosts) {
            executeWithSecret("ALTER USER " + Names.account(user, host), password);
        }
        return !hosts.isEmpty();
    }

    /** Drops every host pattern of {@code user}; nothing to do when there is none. */
    void dropAccount(String user) throws SQLException {
        for (String host : hostsOf(user)) {
            execute("DROP USER IF EXISTS " + Names.account(user, host));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Runs {@code CREATE/ALTER USER account} with the password. MariaDB logs statements as received (general and slow
     * log), and the connector inlines a bound value, so MariaDB gets the hash ({@code IDENTIFIED BY PASSWORD '*..'}),
     * never the text. MySQL rewrites account statements in its logs ({@code IDENTIFIED BY <secret>}), and its default
     * plugin (caching_sha2_password) has no hash computable here, so MySQL gets the bound text. A failure loses the
     * server's text, which could quote the value.
     */
    private void executeWithSecret(String accountStatement, String secret) throws SQLException {
        boolean mariaDb = c.getMetaData().getDatabaseProductVersion().contains("MariaDB");
        String sql = accountStatement + (mariaDb ? " IDENTIFIED BY PASSWORD ?" : " IDENTIFIED BY ?");
        String value = mariaDb ? NativePassword.hash(secret) : secret;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.execute();
        } catch (SQLException e) {
            String message = e.getMessage().replace(value, "******").replace(secret, "******");
            throw new SQLException(message, e.getSQLState(), e.getErrorCode());
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a dead server's connection: nothing to release
        }
    }
}
