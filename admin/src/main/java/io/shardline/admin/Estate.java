package io.shardline.admin;

import io.shardline.admin.Rows.Rds;
import io.shardline.driver.ShardlineUrl;
import io.shardline.driver.store.SecretBox;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * What every action works on: the metadata store (the driver's, opened from the same {@code jdbc:shardline:} URL),
 * the registered servers reached with their sealed admin credentials, the secret key, and the options.
 * Thread-safe; sessions it opens are not.
 */
final class Estate {
    private final ShardlineUrl url;
    private final SecretBox box;
    private final AdminOptions options;
    private final String configDatabase;
    private volatile Consumer<String> stepObserver = step -> { };

    private Estate(ShardlineUrl url, SecretBox box, AdminOptions options, String configDatabase) {
        this.url = url;
        this.box = box;
        this.options = options;
        this.configDatabase = configDatabase;
    }

    /**
     * Opens the store of a {@code jdbc:shardline:h2:} or {@code jdbc:shardline:mysql:} URL, creates the missing
     * tables, and resolves the secret key as the driver does (the key is required: the admin stores passwords).
     */
    static Estate open(String shardlineUrl, AdminOptions options) throws SQLException {
        ShardlineUrl url = ShardlineUrl.parse(shardlineUrl, null);
        if (url.store() == ShardlineUrl.Store.FILE) {
            throw ShardlineException.invalid("the admin writes its metadata and needs an SQL store"
                    + " (jdbc:shardline:h2: or jdbc:shardline:mysql:), not " + url);
        }
        SecretBox box = SecretBox.resolve(url.param("secretKey", null), url.param("secretKeyFile", null));
        if (box == null) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "the admin stores passwords sealed and needs the"
                    + " Shardline secret key: the secretKey or secretKeyFile parameter, SHARDLINE_SECRET_KEY,"
                    + " -Dshardline.secretKey, or " + SecretBox.defaultKeyFile() + " (SecretBox.newKey() makes one)");
        }
        String configDatabase = null;
        try (Connection c = DriverManager.getConnection(url.storeJdbcUrl(), url.storeProperties())) {
            AdminSchema.create(c);
            if (url.store() == ShardlineUrl.Store.MYSQL) {
                configDatabase = c.getCatalog();
                if (configDatabase == null || !Names.isTableName(configDatabase)) {
                    throw ShardlineException.invalid("the config database's name '" + configDatabase + "' must be"
                            + " letters, digits, _ and $ (it is granted to DRDS accounts)");
                }
            }
        } catch (ShardlineException e) {
            throw e;
        } catch (SQLException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot open the metadata store " + url + ": "
                    + e.getMessage(), e);
        }
        return new Estate(url, box, options, configDatabase);
    }

    /** The status to act on: a creation or deletion that made no progress for {@code staleAfter} has failed. */
    DbStatus statusOf(Rows.Db db) {
        return db.effectiveStatus(System.currentTimeMillis(), options.staleAfter());
    }

    Metadata metadata() throws SQLException {
        return new Metadata(DriverManager.getConnection(url.storeJdbcUrl(), url.storeProperties()));
    }

    /** A session on a registered server, as the admin account registered with it. */
    RdsSession open(Rds rds) throws SQLException {
        String password = SecretBox.isSealed(rds.sealedPassword()) ? box.open(rds.sealedPassword()) : rds.sealedPassword();
        return new RdsSession(rds.toString(), DriverManager.getConnection(rdsUrl(rds.host(), rds.port()), rds.user(), password));
    }

    /**
     * A plain connection to a registered server as its admin account, for copies and backups: statements run in
     * the session the caller sets up, results can be streamed.
     */
    Connection connect(Rds rds) throws SQLException {
        return DriverManager.getConnection(rdsUrl(rds.host(), rds.port()) + "&allowMultiQueries=false", rds.user(),
                password(rds));
    }

    /** The registered admin account's password, opened; for the server's own tools, never for a message. */
    String password(Rds rds) throws ShardlineException {
        return SecretBox.isSealed(rds.sealedPassword()) ? box.open(rds.sealedPassword()) : rds.sealedPassword();
    }

    /** A session on a server not registered yet, to check what registration is given. */
    RdsSession open(String label, String host, int port, String user, String password) throws SQLException {
        return new RdsSession(label, DriverManager.getConnection(rdsUrl(host, port), user, password));
    }

    private String rdsUrl(String host, int port) {
        return "jdbc:mysql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + "?connectTimeout=" + options.connectTimeout().toMillis()
                + "&socketTimeout=" + options.statementTimeout().toMillis()
                + "&useServerPrepStmts=false&characterEncoding=UTF-8";
    }

    /** Whether DRDS accounts also need an account on the config database's server (a MySQL store). */
    boolean hasConfigServer() {
        return configDatabase != null;
    }

    /** The config database's server, as the store's own account. */
    RdsSession openConfigServer() throws SQLException {
        return new RdsSession("the config database's server", DriverManager.getConnection(url.storeJdbcUrl(), url.storeProperties()));
    }

    String configDatabase() {
        return configDatabase;
    }

    /** The MySQL config database's host and port (where drivers read metadata), or null for an H2 store. */
    URI configAddress() {
        if (configDatabase == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.storeJdbcUrl().substring("jdbc:".length()));
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null; // a connector URL with several hosts: no single address to report
        }
    }

    ShardlineUrl url() {
        return url;
    }

    String seal(String plain) {
        return box.seal(plain);
    }

    String open(String sealed) throws ShardlineException {
        return box.open(sealed);
    }

    AdminOptions options() {
        return options;
    }

    /** Called before each step that changes a server; tests stop servers here to fail an action part-way. */
    void observeSteps(Consumer<String> observer) {
        this.stepObserver = observer == null ? step -> { } : observer;
    }

    void step(String description) {
        stepObserver.accept(description);
    }
}
