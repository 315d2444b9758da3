package io.shardline.admin;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP API's access keys, in the metadata store's {@code admin_access_key} table (created on first use). The
 * secret is sealed with the store's secret key like every stored password and opened only to check a signature
 * (HMAC needs the secret itself); {@link #create} returns it once, nothing else ever shows it. Thread-safe.
 */
public final class AccessKeys {
    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS admin_access_key (
              access_key_id varchar(32) not null primary key,
              secret varchar(255) not null,
              actions varchar(1024) not null,
              instances varchar(4096) not null,
              status varchar(16) not null,
              description varchar(255) not null default '',
              create_time bigint not null
            )""";
    private static final String COLUMNS = "access_key_id, actions, instances, status, description, create_time";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Estate estate;
    private volatile boolean tableMade;

    AccessKeys(Estate estate) {
        this.estate = estate;
    }

    /** A new key and its secret (shown only now). */
    public record Created(AccessKey key, String secret) {
        @Override
        public String toString() {
            return "Created[" + key + "]"; // never the secret
        }
    }

    /**
     * Makes an active key limited to {@code actions} (patterns like {@code Describe*}; {@code *} when empty) and
     * {@code instances} (all when empty).
     */
    public Created create(List<String> actions, List<String> instances, String description) throws SQLException {
        List<String> patterns = clean(actions).isEmpty() ? List.of("*") : clean(actions);
        for (String p : patterns) {
            if (!p.matches("[A-Za-z*]+")) {
                throw new IllegalArgumentException("action pattern '" + p + "' must be letters and *");
            }
        }
        List<String> ids = clean(instances);
        for (String id : ids) {
            if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("instance id '" + id + "' must be letters, digits, _ . and -");
            }
        }
        String id = "SLAK" + random(20);
        String secret = random(30);
        AccessKey key = new AccessKey(id, patterns, ids, "Active", description == null ? "" : description,
                System.currentTimeMillis());
        try (Metadata m = metadata()) {
            StoreSql.update(m.connection(), "INSERT INTO admin_access_key (access_key_id, secret, actions, instances,"
                    + " status, description, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)", id, estate.seal(secret),
                    String.join(",", patterns), String.join(",", ids), key.status(), key.description(),
                    key.createTime());
        }
        return new Created(key, secret);
    }

    public List<AccessKey> list() throws SQLException {
        List<AccessKey> out = new ArrayList<>();
        try (Metadata m = metadata(); PreparedStatement ps = StoreSql.prepare(m.connection(),
                "SELECT " + COLUMNS + " FROM admin_access_key ORDER BY create_time, access_key_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** The key, or null when there is none of that id. */
    public AccessKey find(String accessKeyId) throws SQLException {
        try (Metadata m = metadata(); PreparedStatement ps = StoreSql.prepare(m.connection(),
                "SELECT " + COLUMNS + " FROM admin_access_key WHERE access_key_id = ?", accessKeyId);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? row(rs) : null;
        }
    }

    /** The key's secret, opened: for checking a signature, never for a message or a log. */
    public String secretOf(String accessKeyId) throws SQLException {
        try (Metadata m = metadata(); PreparedStatement ps = StoreSql.prepare(m.connection(),
                "SELECT secret FROM admin_access_key WHERE access_key_id = ?", accessKeyId);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? estate.open(rs.getString(1)) : null;
        }
    }

    /** Disables the key (its calls are refused from now on); false when there is no such key. */
    public boolean disable(String accessKeyId) throws SQLException {
        try (Metadata m = metadata()) {
            return StoreSql.update(m.connection(), "UPDATE admin_access_key SET status = 'Disabled'"
                    + " WHERE access_key_id = ?", accessKeyId) == 1;
        }
    }

    /** Deletes the key; false when there is no such key. */
    public boolean delete(String accessKeyId) throws SQLException {
        try (Metadata m = metadata()) {
            return StoreSql.update(m.connection(), "DELETE FROM admin_access_key WHERE access_key_id = ?",
                    accessKeyId) == 1;
        }
    }

    private Metadata metadata() throws SQLException {
        Metadata m = estate.metadata();
        if (!tableMade) {
            try (Statement s = m.connection().createStatement()) {
                s.execute(DDL);
            } catch (SQLException e) {
                m.close();
                throw e;
            }
            tableMade = true;
        }
        return m;
    }

    private static AccessKey row(ResultSet rs) throws SQLException {
        return new AccessKey(rs.getString(1), split(rs.getString(2)), split(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getLong(6));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static List<String> clean(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? List.<String>of() : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank() && !out.contains(part.trim())) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }
}
