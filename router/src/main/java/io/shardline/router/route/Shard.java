package io.shardline.router.route;

/** Where one logical table's rows for a hint live: a database on a master server, and the physical table name. */
public record Shard(int serverId, String database, String table) {
    @Override
    public String toString() {
        return "server " + serverId + " " + database + "." + table;
    }
}
