package io.shardline.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code shardline.*}: Shardline's URL parameters as Spring properties (each one wins over the same parameter left
 * out of {@code spring.datasource.url}; one in the URL's query wins over it, as the driver reads them). The store's
 * account is {@code spring.datasource.username}/{@code password}. Anything not listed here goes in
 * {@code shardline.parameters.<name>}.
 */
@ConfigurationProperties(prefix = "shardline")
public class ShardlineProperties {
    /** DBProxy cluster (business group) whose tables the application sees. */
    private String cluster;
    /** Name of the logical database, accepted as a table qualifier. */
    private String database;
    /** Seconds between checks of the store's update stamp; 0 turns checks off. */
    private Integer checkInterval;
    /** Physical connections per server. */
    private Integer maxPoolSize;
    /** Milliseconds a statement may wait for a physical connection. */
    private Integer connectTimeout;
    /** Milliseconds a read from a MySQL server may wait (0: no bound). */
    private Integer socketTimeout;
    /** Seconds every statement may run (0: no bound). */
    private Integer queryTimeout;
    /** Account for every physical server, instead of server_info.user. */
    private String serverUser;
    /** Password for every physical server, instead of server_info.passwd. */
    private String serverPassword;
    /** Base64 AES key for enc:v1: passwords in server_info. */
    private String secretKey;
    /** File holding the base64 AES key for enc:v1: passwords. */
    private String secretKeyFile;
    /** local (a transaction stays on one server) or xa (MySQL XA across servers). */
    private String transactions;
    /** Statements taking at least this many ms are logged at WARN on io.shardline.sql.slow; 0: none. */
    private Integer slowStatementMillis;
    /** The SQL log (io.shardline.sql at DEBUG) shows bound values instead of ?. */
    private Boolean logParameters;
    /** Any other Shardline (or config-database connector) parameter, by name. */
    private Map<String, String> parameters = new LinkedHashMap<>();
    private final Admin admin = new Admin();

    /** The admin API ({@code ShardlineAdmin}) as a bean, when the admin module is on the class path. */
    public static class Admin {
        /** The admin's store URL (jdbc:shardline:..., with its account and secret key); unset: no admin bean. */
        private String url;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }
    }

    /** The parameters set here, as the driver's connection properties. */
    Properties toProperties() {
        Properties p = new Properties();
        put(p, "cluster", cluster);
        put(p, "database", database);
        put(p, "checkInterval", checkInterval);
        put(p, "maxPoolSize", maxPoolSize);
        put(p, "connectTimeout", connectTimeout);
        put(p, "socketTimeout", socketTimeout);
        put(p, "queryTimeout", queryTimeout);
        put(p, "serverUser", serverUser);
        put(p, "serverPassword", serverPassword);
        put(p, "secretKey", secretKey);
        put(p, "secretKeyFile", secretKeyFile);
        put(p, "transactions", transactions);
        put(p, "slowStatementMillis", slowStatementMillis);
        put(p, "logParameters", logParameters);
        parameters.forEach((k, v) -> put(p, k, v));
        return p;
    }

    private static void put(Properties p, String name, Object value) {
        if (value != null) {
            p.setProperty(name, value.toString());
        }
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public Integer getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Integer checkInterval) {
        this.checkInterval = checkInterval;
    }

    public Integer getMaxPoolSize() {
        return maxPoolSize;
    }

    public void setMaxPoolSize(Integer maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }

    public Integer getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Integer connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Integer getSocketTimeout() {
        return socketTimeout;
    }

    public void setSocketTimeout(Integer socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    public Integer getQueryTimeout() {
        return queryTimeout;
    }

    public void setQueryTimeout(Integer queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    public String getServerUser() {
        return serverUser;
    }

    public void setServerUser(String serverUser) {
        this.serverUser = serverUser;
    }

    public String getServerPassword() {
        return serverPassword;
    }

    public void setServerPassword(String serverPassword) {
        this.serverPassword = serverPassword;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getSecretKeyFile() {
        return secretKeyFile;
    }

    public void setSecretKeyFile(String secretKeyFile) {
        this.secretKeyFile = secretKeyFile;
    }

    public String getTransactions() {
        return transactions;
    }

    public void setTransactions(String transactions) {
        this.transactions = transactions;
    }

    public Integer getSlowStatementMillis() {
        return slowStatementMillis;
    }

    public void setSlowStatementMillis(Integer slowStatementMillis) {
        this.slowStatementMillis = slowStatementMillis;
    }

    public Boolean getLogParameters() {
        return logParameters;
    }

    public void setLogParameters(Boolean logParameters) {
        this.logParameters = logParameters;
    }

    public Map<String, String> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    public Admin getAdmin() {
        return admin;
    }
}
