package io.shardline.admin;

import java.time.Duration;
import java.util.List;

/** The admin's metadata rows, as {@link Metadata} reads and writes them. Passwords are held sealed. */
final class Rows {
    private Rows() {
    }

    record Instance(String id, String description, String regionId, String zoneId, int type, String specification,
                    String payType, String vpcId, String vswitchId, String orderId, int status, long createTime,
                    long version) {
    }

    /** A registered server: its {@code server_info} row and its admin credentials (password sealed). */
    record Rds(String name, int serverId, int masterId, String regionId, String host, int port, String user,
               String sealedPassword) {
        boolean isMaster() {
            return masterId == 0;
        }

        String address() {
            return host + ":" + port;
        }

        @Override
        public String toString() {
            return "rds " + name + " (server " + serverId + ", " + address() + ")";
        }
    }

    record Db(String instanceId, String dbName, String charset, DbStatus status, String msg, long createTime,
              long updateTime, String sealedPassword, List<String> whiteList, String sealedRoPassword) {
        Db {
            whiteList = List.copyOf(whiteList);
        }

        /** The DBProxy cluster holding this database's tables: {@code <instance id>.<db name>}. */
        String cluster() {
            return cluster(instanceId, dbName);
        }

        static String cluster(String instanceId, String dbName) {
            return instanceId + "." + dbName;
        }

        /** Its read-only account's name (whether or not it has one). */
        String readOnlyAccount() {
            return dbName + "_ro";
        }

        /** The status as of {@code now}: a creation or deletion without progress for {@code staleAfter} has failed. */
        DbStatus effectiveStatus(long now, Duration staleAfter) {
            if (status.isBusy() && now - updateTime > staleAfter.toMillis()) {
                return status == DbStatus.CREATING ? DbStatus.CREATE_FAILED : DbStatus.DELETE_FAILED;
            }
            return status;
        }

        @Override
        public String toString() {
            return "drds database " + dbName + " of " + instanceId + " (status " + status + ")";
        }
    }

    /** Accounts sort first: they are dropped before the databases they reach. */
    enum Kind { ACCOUNT, DATABASE }

    /** A physical object made for a database: server 0 is the config database's server. */
    record DbObject(int serverId, Kind kind, String name, boolean created) {
        DbObject asCreated(boolean made) {
            return new DbObject(serverId, kind, name, made);
        }
    }

    static final int CONFIG_SERVER = 0;
}
