package io.shardline.driver.store;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Secret;
import io.shardline.router.meta.ServerRow;
import io.shardline.router.meta.SplitConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns server credentials as stored into usable ones: DBProxy-confused values, {@code enc:v1:} sealed passwords,
 * or (DBProxy's default) plain text, which works and is reported once per server so it gets fixed.
 * URL overrides ({@code serverUser}/{@code serverPassword}) replace them all.
 */
public final class Credentials {
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    private final DbproxyConfuseFactory confuse;
    private final SecretBox box;
    private final String userOverride;
    private final Secret passwordOverride;
    private final java.util.Set<Integer> warnedPlain = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Makes a fresh confuse stream per load: DBProxy restarts it for every read of server_info. */
    public interface DbproxyConfuseFactory {
        DbproxyConfuse create();
    }

    public Credentials(DbproxyConfuseFactory confuse, SecretBox box, String userOverride, String passwordOverride) {
        this.confuse = confuse;
        this.box = box;
        this.userOverride = userOverride;
        this.passwordOverride = passwordOverride == null ? null : Secret.of(passwordOverride);
    }

    public SplitConfig decode(SplitConfig config) throws ShardlineException {
        List<ServerRow> rows = new ArrayList<>(config.servers());
        rows.sort(Comparator.comparingInt(ServerRow::serverId));
        DbproxyConfuse stream = confuse == null ? null : confuse.create();
        List<ServerRow> out = new ArrayList<>(rows.size());
        for (ServerRow r : rows) {
            String user = r.user();
            String password = r.passwd().reveal();
            if (stream != null) {
                user = stream.decrypt(user);
                password = stream.decrypt(password);
            } else if (passwordOverride != null) {
                // an account of its own (a DRDS database's): the stored admin password is neither needed nor opened
                password = "";
            } else if (SecretBox.isSealed(password)) {
                if (box == null) {
                    throw ShardlineException.invalid("server " + r.serverId() + " has an enc:v1: password but no Shardline"
                            + " secret key is configured (secretKey, SHARDLINE_SECRET_KEY, shardline.secretKey or "
                            + SecretBox.defaultKeyFile() + ")");
                }
                password = box.open(password);
            } else if (!password.isEmpty() && warnedPlain.add(r.serverId())) {
                LOG.warn("server {} ({}:{}) has a plain-text password in the metadata store; store it sealed"
                        + " (enc:v1:, see README 'Secrets') or confused (enableConfuse)", r.serverId(), r.host(), r.port());
            }
            if (userOverride != null) {
                user = userOverride;
            }
            out.add(r.withCredentials(user, passwordOverride != null ? passwordOverride : Secret.of(password)));
        }
        return config.withServers(out);
    }
}
