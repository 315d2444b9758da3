package io.shardline.admin;

import io.shardline.admin.Rows.Rds;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The server sessions of one action, opened on first use and closed together. A server that could not be reached
 * is not tried again within the action (each try would wait for the connect timeout); its failure is re-thrown.
 */
final class Sessions implements AutoCloseable {
    private final Estate estate;
    private final Metadata metadata;
    private final Map<Integer, RdsSession> open = new HashMap<>();
    private final Map<Integer, SQLException> unreachable = new HashMap<>();

    Sessions(Estate estate, Metadata metadata) {
        this.estate = estate;
        this.metadata = metadata;
    }

    /** The session on server {@code serverId}; {@link Rows#CONFIG_SERVER} is the config database's server. */
    RdsSession get(int serverId) throws SQLException {
        RdsSession s = open.get(serverId);
        if (s != null) {
            return s;
        }
        SQLException failed = unreachable.get(serverId);
        if (failed != null) {
            throw failed;
        }
        try {
            if (serverId == Rows.CONFIG_SERVER) {
                s = estate.openConfigServer();
            } else {
                Rds rds = metadata.rdsOfServer(serverId);
                if (rds == null) {
                    throw new SQLException("server " + serverId + " is not a registered RDS instance");
                }
                s = estate.open(rds);
            }
        } catch (SQLException e) {
            SQLException named = new SQLException("cannot connect to " + label(serverId) + ": " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
            unreachable.put(serverId, named);
            throw named;
        }
        open.put(serverId, s);
        return s;
    }

    /** The server's name for messages, even when it cannot be reached. */
    String label(int serverId) {
        if (serverId == Rows.CONFIG_SERVER) {
            return "the config database's server";
        }
        try {
            Rds rds = metadata.rdsOfServer(serverId);
            return rds == null ? "server " + serverId : rds.toString();
        } catch (SQLException e) {
            return "server " + serverId;
        }
    }

    @Override
    public void close() {
        open.values().forEach(RdsSession::close);
        open.clear();
    }
}
