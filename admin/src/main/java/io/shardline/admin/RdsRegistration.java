package io.shardline.admin;

/**
 * A MySQL server to register as an RDS instance (not a spec action: DRDS finds RDS instances in the cloud account,
 * Shardline is told about them). {@code user}/{@code password} is the account the admin acts with on that server
 * (it needs CREATE, DROP, CREATE USER and GRANT OPTION, and SELECT on {@code mysql.user}); the password is stored
 * sealed. {@code masterInstanceName} names the master of a read-only replica, null for a master.
 */
public record RdsRegistration(String instanceName, String regionId, String host, int port, String user,
                              String password, String masterInstanceName) {
    @Override
    public String toString() {
        return "RdsRegistration[" + instanceName + ", region " + regionId + ", " + user + "@" + host + ":" + port
                + (masterInstanceName == null ? "" : ", replica of " + masterInstanceName) + "]";
    }
}
