package io.shardline.router.route;

/** Where one logical table's rows for a hint live: a database on a master server, and the physical table name. */
public record Shard(int serverId, String database, String table) {
    /** Same server and database: statements touching both can run on one connection, in one transaction. */
    public boolean sameDatabase(Shard other) {
        return serverId == other.serverId && database.equals(other.database);
    }

    @Override
    public String toString() {
        return "server " + serverId + " " + database + "." + table;
    }
}
