package io.shardline.router.meta;

/**
 * A physical server. {@code masterId == 0} marks a master; a replica names its master. {@code readWeight} is the
 * share (0-100) of reads its master group sends it. {@code jdbcUrl} is null for a MySQL server reached by host and port.
 * Its {@code toString} never shows the password.
 */
public record Server(int id, int masterId, String host, int port, String user, Secret password, int timeoutSeconds,
                     String defaultDatabase, int readWeight, String jdbcUrl) {

    public boolean isMaster() {
        return masterId == 0;
    }

    /** The id of the master whose group this server belongs to. */
    public int groupId() {
        return isMaster() ? id : masterId;
    }

    /** Where the server is, for messages: host:port, or its JDBC URL without options (they may hold secrets) and
     * without a password in its user info. */
    public String address() {
        if (jdbcUrl == null) {
            return host + ":" + port;
        }
        int options = jdbcUrl.indexOf(';');
        int query = jdbcUrl.indexOf('?');
        int cut = options < 0 ? query : query < 0 ? options : Math.min(options, query);
        return io.shardline.router.Secrets.mask(cut < 0 ? jdbcUrl : jdbcUrl.substring(0, cut));
    }

    /** Whether a pool built for {@code other} can serve this server unchanged. */
    public boolean sameEndpoint(Server other) {
        // the same snapshot's server (every statement's check of its kept connection): no password bytes compared
        return this == other || host.equals(other.host) && port == other.port && user.equals(other.user)
                && password.equals(other.password) && timeoutSeconds == other.timeoutSeconds
                && java.util.Objects.equals(jdbcUrl, other.jdbcUrl);
    }
}
