package io.shardline.router.meta;

/** A shard database: one database on one master server. */
public record Placement(int serverId, String database) {
    @Override
    public String toString() {
        return "server " + serverId + " database " + database;
    }
}
