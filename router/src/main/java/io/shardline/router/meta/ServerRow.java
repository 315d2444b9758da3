package io.shardline.router.meta;

/** One row of DBProxy's {@code server_info}: {@code masterSid == 0} means a master, else a replica of that master. */
public record ServerRow(int serverId, int masterSid, String host, int port, String user, Secret passwd,
                        int timeout, String defaultDatabaseName) {
    public ServerRow withCredentials(String newUser, Secret newPasswd) {
        return new ServerRow(serverId, masterSid, host, port, newUser, newPasswd, timeout, defaultDatabaseName);
    }
}
