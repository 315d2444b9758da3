package io.shardline.router.meta;

/**
 * One row of Shardline's {@code server_option}. {@code readWeight} is null when unset; {@code jdbcUrl}, when set,
 * replaces the MySQL URL built from host and port (an H2 "server", or extra connector options).
 */
public record ServerOptionRow(int serverId, Integer readWeight, String jdbcUrl) {
}
