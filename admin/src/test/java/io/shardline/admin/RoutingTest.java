package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.router.meta.Topology;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The switches that feed the router, seen by a running driver after refresh: read weights between rdsB and a
 * read-only replica (a third mariadbd holding what replication would copy, with a different row, so each answer
 * names its server) and the full-table-scan switch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingTest {
    private static final String PASSWORD = "Routing-pass-1";
    private TestEstate estate;
    private ShardlineAdmin admin;
    private String id;
    private String db;
    private ShardlineDataSource ds;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(1));
        admin = estate.admin;
        admin.registerRds(new RdsRegistration("rdsR", TestEstate.REGION, "127.0.0.1", TestEstate.third().port(), "root",
                "", "rdsB"));
        id = estate.instance();
        db = estate.db("route");
        admin.createDrdsDB(id, db, "utf8", PASSWORD, List.of("rdsB"));
        String shard = db + "_0000";
        try (Connection c = TestEstate.login("rdsB", db, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + shard + ".kv (k BIGINT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO " + shard + ".kv VALUES (1, 'master')");
        }
        try (Connection c = TestEstate.root("rdsR"); Statement s = c.createStatement()) { // what replication copies
            s.execute("CREATE DATABASE " + shard);
            s.execute("CREATE TABLE " + shard + ".kv (k BIGINT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO " + shard + ".kv VALUES (1, 'replica')");
            s.execute("CREATE USER '" + db + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("GRANT SELECT ON " + shard + ".* TO '" + db + "'@'%'");
        }
        String cluster = id + "." + db;
        try (Connection meta = estate.metadata()) {
            new ConfigWriter(meta, true).hashTable(cluster, "kv", 1, "k")
                    .placement(cluster, "kv", 0, admin.describeRdsList(id, db).get(0).instanceId(), shard);
            ConfigSchema.touch(meta);
        }
        ds = estate.dataSource(id, db, db, PASSWORD);
        // rdsR only stands in for a replica (it does not replicate, and the account may not read its status): read it
        // unwatched, as DBProxy would, so each answer names the server the weights chose
        java.util.Properties p = new java.util.Properties();
        p.setProperty("serverPassword", PASSWORD);
        p.setProperty("maxReplicaLag", "-1");
        ds.setProperties(p);
    }

    @AfterAll
    void drop() throws SQLException {
        ds.close();
        estate.close();
    }

    private String read() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT v FROM kv WHERE k = 1")) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }

    @Test
    void readWeightsSendReadsWhereTheySay() throws Exception {
        RdsInstance master = admin.describeRdsList(id, db).get(0);
        assertEquals("rdsB", master.instanceName());
        assertEquals(List.of("rdsR"), master.readOnlyChild().stream().map(RdsInstance::instanceName).toList());
        assertEquals(50, master.readWeight(), "no weights set: the driver reads from both alike");

        admin.modifyRdsReadWeight(id, db, List.of("rdsB", "rdsR"), List.of(0, 100));
        Topology t = ds.runtime().refresh();
        int replicaId = master.readOnlyChild().get(0).instanceId();
        assertEquals(100, t.server(replicaId).readWeight());
        for (int i = 0; i < 5; i++) {
            assertEquals("replica", read());
        }
        RdsInstance after = admin.describeRdsList(id, db).get(0);
        assertEquals(0, after.readWeight());
        assertEquals(100, after.readOnlyChild().get(0).readWeight());

        admin.modifyRdsReadWeight(id, db, List.of("rdsB"), List.of(100));
        assertEquals(0, ds.runtime().refresh().server(replicaId).readWeight(), "a replica not named gets no reads");
        for (int i = 0; i < 5; i++) {
            assertEquals("master", read());
        }
    }

    @Test
    void readWeightsAreCheckedBeforeAnythingChanges() throws Exception {
        assertEquals("InvalidParameter.Mismatch", assertThrows(DrdsException.class,
                () -> admin.createDrdsDB(id, estate.db("onreplica"), "utf8", PASSWORD, List.of("rdsR"))).code(),
                "shards live on masters");
        assertEquals("InvalidParameter.InvalidMainInstance", assertThrows(DrdsException.class,
                () -> admin.modifyRdsReadWeight(id, db, List.of("rdsR"), List.of(100))).code());
        assertEquals("InvalidParameter.InvalidMainInstance", assertThrows(DrdsException.class,
                () -> admin.modifyRdsReadWeight(id, db, List.of("rdsA"), List.of(100))).code(), "not this database's");
        assertEquals("InvalidParameter.IllegalWeightParameter", assertThrows(DrdsException.class,
                () -> admin.modifyRdsReadWeight(id, db, List.of("rdsB", "rdsR"), List.of(50, 40))).code());
        assertEquals("InvalidParameter.IllegalWeightParameter", assertThrows(DrdsException.class,
                () -> admin.call("ModifyRdsReadWeight", Map.of("DrdsInstanceId", id, "DbName", db,
                        "InstanceNames", "rdsB,rdsR", "Weights", "50,half"))).code());
        assertEquals("InvalidParameter.Mismatch", assertThrows(DrdsException.class,
                () -> admin.modifyRdsReadWeight(id, db, List.of("rdsB", "rdsR"), List.of(100))).code());
        DrdsException unknown = assertThrows(DrdsException.class,
                () -> admin.modifyRdsReadWeight(id, db, List.of("rdsB", "rdsNone"), List.of(50, 50)));
        assertEquals("InvalidParameter.InvalidRdsReadInstance_NotFound", unknown.code());
        assertEquals(404, unknown.httpStatus());

        TestEstate.third().kill();
        try {
            assertEquals("InvalidStatus.RdsReadInstance", assertThrows(DrdsException.class,
                    () -> admin.modifyRdsReadWeight(id, db, List.of("rdsB", "rdsR"), List.of(10, 90))).code());
            assertEquals("Unreachable", admin.describeRdsList(id, db).get(0).readOnlyChild().get(0).instanceStatus());
        } finally {
            TestEstate.third().restart();
        }
        assertEquals("Running", admin.describeRdsList(id, db).get(0).readOnlyChild().get(0).instanceStatus());
    }

    @Test
    void theFullTableScanSwitchReachesTheDriver() throws Exception {
        String cluster = id + "." + db;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            SQLException off = assertThrows(SQLException.class, () -> s.executeQuery("SELECT v FROM kv").close());
            assertEquals(100403, off.getErrorCode());
            assertTrue(off.getMessage().contains("full-table-scan switch of kv is off"), off.getMessage());
        }
        assertFalse(ds.runtime().topology().table(cluster, "kv").fullTableScan());

        admin.modifyFullTableScan(id, db, List.of("kv"), true);
        assertTrue(ds.runtime().refresh().table(cluster, "kv").fullTableScan());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT v FROM kv").close(); // now a full scan over every shard, merged
            String plan = s.unwrap(io.shardline.driver.ShardlineStatement.class).lastPlan().describe();
            assertTrue(plan.contains("full scan of kv: its full-table-scan switch is on"), plan);
        }
        admin.call("ModifyFullTableScan", Map.of("DrdsInstanceId", id, "DbName", db, "TableNames", "kv",
                "FullTableScan", "false"));
        assertFalse(ds.runtime().refresh().table(cluster, "kv").fullTableScan());

        assertEquals("InvalidParameter.TableNotFound", assertThrows(DrdsException.class,
                () -> admin.modifyFullTableScan(id, db, List.of("kv", "nope"), true)).code());
        assertFalse(ds.runtime().refresh().table(cluster, "kv").fullTableScan(), "nothing changed");
        assertEquals("InvalidFullTableScan.Malformed", assertThrows(DrdsException.class,
                () -> admin.call("ModifyFullTableScan", Map.of("DrdsInstanceId", id, "DbName", db,
                        "TableNames", "kv", "FullTableScan", "maybe"))).code());
    }
}
