package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * A DRDS instance and a database over two real servers, from creation to deletion: what each action does to the
 * servers, and a logical connection through {@code jdbc:shardline:} as the database's own account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrdsDatabaseTest {
    private TestEstate estate;
    private ShardlineAdmin admin;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults());
        admin = estate.admin;
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    @Test
    void instancesAreCreatedDescribedRenamedAndRemoved() throws Exception {
        CreatedDrdsInstances created = admin.createDrdsInstance(new CreateDrdsInstanceRequest("orders cluster",
                TestEstate.REGION, "1", TestEstate.REGION + "-b", 2, "drds.standard", "drdsPost", "vpc-abc1",
                "vsw-def2"));
        assertEquals(2, created.drdsInstanceIds().size());
        String id = created.drdsInstanceIds().get(0);
        assertTrue(id.matches("drds[a-z0-9]{12}"), id);

        DrdsInstance described = admin.describeDrdsInstance(id);
        assertEquals(0, described.status());
        assertEquals(1, described.type());
        assertEquals("orders cluster", described.description());
        assertEquals("vpc", described.networkType());
        assertEquals(List.of(new DrdsInstance.Vip("127.0.0.1", "3306", "vpc")), described.vips(),
                "drivers find the instance at the config database");
        assertTrue(admin.describeDrdsInstances(TestEstate.REGION, 1).stream().map(DrdsInstance::drdsInstanceId)
                .toList().containsAll(created.drdsInstanceIds()));
        assertTrue(admin.describeDrdsInstances(TestEstate.REGION, 0).isEmpty());

        admin.modifyDrdsInstanceDescription(id, "renamed");
        assertEquals("renamed", admin.describeDrdsInstance(id).description());

        for (String each : created.drdsInstanceIds()) {
            admin.removeDrdsInstance(each);
        }
        DrdsException gone = assertThrows(DrdsException.class, () -> admin.describeDrdsInstance(id));
        assertEquals("InvalidDRDSInstanceId.NotFound", gone.code());
        assertEquals(404, gone.httpStatus());
    }

    @Test
    void aDatabaseSpansBothServersAndItsAccountRoutesRowsThroughShardline() throws Exception {
        String id = estate.instance();
        String db = estate.db("shop");
        String password = "Sh0p-'pass\"word\\";
        admin.createDrdsDB(id, db, "utf8mb4", password, List.of("rdsA", "rdsB"));

        DrdsDb described = admin.describeDrdsDB(id, db);
        assertEquals("1", described.status(), described.msg());
        assertEquals(List.of(described), admin.describeDrdsDBs(id));

        // eight shard databases on each server, really there
        List<ShardDb> shards = admin.describeShardDBs(id, db);
        assertEquals(16, shards.size());
        for (int n = 0; n < 16; n++) {
            assertEquals(new ShardDb(db + "_" + String.format("%04d", n), n < 8 ? "rdsA" : "rdsB"), shards.get(n));
        }
        assertEquals(shards.subList(0, 8).stream().map(ShardDb::subDbName).toList(), TestEstate.databasesLike("rdsA", db + "_"));
        assertEquals(shards.subList(8, 16).stream().map(ShardDb::subDbName).toList(), TestEstate.databasesLike("rdsB", db + "_"));

        List<RdsInstance> rds = admin.describeRdsList(id, db);
        assertEquals(List.of("rdsA", "rdsB"), rds.stream().map(RdsInstance::instanceName).toList());
        for (RdsInstance r : rds) {
            assertEquals("Running", r.instanceStatus());
            assertEquals(100, r.readWeight());
            assertEquals(TestEstate.port(r.instanceName()), r.port());
        }

        // the account: on both servers, with the white list's one host pattern, and rights in its shards only
        assertEquals(List.of("%"), TestEstate.hostsOf("rdsA", db));
        assertEquals(List.of("%"), TestEstate.hostsOf("rdsB", db));
        assertEquals(List.of("%"), admin.describeDrdsDBIpWhiteList(id, db));
        for (int n = 0; n < 16; n++) {
            String rdsName = n < 8 ? "rdsA" : "rdsB";
            try (Connection c = TestEstate.login(rdsName, db, password); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE `" + db + "_" + String.format("%04d", n) + "`.orders_" + n
                        + " (id BIGINT PRIMARY KEY, item VARCHAR(40))");
            }
        }
        try (Connection c = TestEstate.login("rdsA", db, password); Statement s = c.createStatement()) {
            SQLException denied = assertThrows(SQLException.class, () -> s.execute("CREATE DATABASE " + db + "_extra"));
            assertEquals(1044, denied.getErrorCode(), "no rights outside its shard databases: " + denied.getMessage());
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM " + estate.configDb + ".rds_instance"));
        }

        // the table's metadata, as DDL fan-out will write it, then rows routed to both servers
        String cluster = id + "." + db;
        try (Connection meta = estate.metadata()) {
            ConfigWriter w = new ConfigWriter(meta, true).hashTable(cluster, "orders", 16, "id");
            for (int n = 0; n < 16; n++) {
                w.placement(cluster, "orders", n, rds.get(n < 8 ? 0 : 1).instanceId(), shards.get(n).subDbName());
            }
            ConfigSchema.touch(meta);
        }
        try (ShardlineDataSource ds = estate.dataSource(id, db, db, password); Connection c = ds.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, item) VALUES (?, ?)")) {
            for (long key = 0; key < 32; key++) {
                insert.setLong(1, key);
                insert.setString(2, "item " + key);
                assertEquals(1, insert.executeUpdate());
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT item FROM orders WHERE id = 21")) {
                assertTrue(r.next());
                assertEquals("item 21", r.getString(1));
            }
        }
        for (int n = 0; n < 16; n++) {
            try (Connection c = TestEstate.root(n < 8 ? "rdsA" : "rdsB"); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id FROM `" + db + "_" + String.format("%04d", n) + "`.orders_" + n
                         + " ORDER BY id")) {
                assertTrue(r.next());
                assertEquals(n, r.getLong(1));
                assertTrue(r.next());
                assertEquals(n + 16, r.getLong(1));
                assertTrue(!r.next(), "rows of hint " + n + " and " + (n + 16) + " only");
            }
        }

        DrdsException first = assertThrows(DrdsException.class, () -> admin.removeDrdsInstance(id));
        assertEquals("RemoveDrdsDBFirst", first.code());

        admin.deleteDrdsDB(id, db);
        assertEquals(List.of(), TestEstate.databasesLike("rdsA", db));
        assertEquals(List.of(), TestEstate.databasesLike("rdsB", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsA", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsB", db));
        try (Connection meta = estate.metadata(); Statement s = meta.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM table_info WHERE cluster = '" + cluster + "'")) {
            r.next();
            assertEquals(0, r.getInt(1), "its tables are gone from the metadata");
        }
        assertEquals("InvalidDbName.NotFound", assertThrows(DrdsException.class, () -> admin.describeDrdsDB(id, db)).code());
        admin.removeDrdsInstance(id);
    }

    @Test
    void callTakesTheSpecsNamesAndAnswersItsFields() throws Exception {
        Map<String, Object> created = admin.call("CreateDrdsInstance", Map.of("Description", "by call",
                "RegionId", TestEstate.REGION, "Type", "PRIVATE", "ZoneId", TestEstate.REGION + "-a", "Quantity", "1",
                "Specification", "drds.small", "PayType", "drdsPost", "Format", "JSON", "Version", "2015-04-13"));
        assertTrue(created.get("RequestId").toString().matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"));
        String id = ((List<?>) created.get("DrdsInstanceId")).get(0).toString();
        assertTrue(created.get("OrderId").toString().matches("\\d+"));

        Map<String, Object> described = admin.call("DescribeDrdsInstance", Map.of("DrdsInstanceId", id));
        assertEquals(List.of("RequestId", "DrdsInstanceId", "Status", "Type", "RegionId", "description", "ZoneId",
                "CreateTime", "Version", "Vips", "networkType"), List.copyOf(described.keySet()));
        assertEquals("1", described.get("Type"));
        assertEquals("classic", described.get("networkType"));

        String db = estate.db("bycall");
        Map<String, Object> answer = admin.call("CreateDrdsDB", Map.of("DrdsInstanceId", id, "DbName", db,
                "Encode", "utf8", "Password", "Call-pass-1", "RdsInstances", "[\"rdsB\"]"));
        assertEquals(List.of("RequestId"), List.copyOf(answer.keySet()));
        Map<String, Object> dbAnswer = admin.call("DescribeDrdsDB", Map.of("DrdsInstanceId", id, "DbName", db));
        assertEquals("1", dbAnswer.get("Status"));
        assertTrue(dbAnswer.get("CreateTime") instanceof String);
        List<?> items = (List<?>) admin.call("DescribeDrdsDBs", Map.of("DrdsInstanceId", id)).get("Items");
        assertTrue(((Map<?, ?>) items.get(0)).get("CreateTime") instanceof Long);

        // the spec's second spellings
        admin.call("ModifyDrdsDBPasswd", Map.of("DrdsInstanceId", id, "DbName", db, "NewPasswd", "Call-pass-2"));
        TestEstate.login("rdsB", db, "Call-pass-2").close();
        admin.call("CreateReadOnlyAccount", Map.of("DrdsInstanceId", id, "DbName", db, "password", "Ro-pass-11"));
        admin.call("ModifyReadOnlyAccount", Map.of("DrdsInstanceId", id, "DbName", db, "AccountName", db + "_ro",
                "OriginPassword", "Ro-pass-11", "NewPassword", "Ro-pass-22"));
        TestEstate.login("rdsB", db + "_ro", "Ro-pass-22").close();

        try (Connection c = TestEstate.root("rdsB"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + db + "_0003"); // behind Shardline's back
        }
        List<?> shards = (List<?>) admin.call("DescribeShardDBs", Map.of("DrdsInstanceId", id, "DbName", db)).get("Data");
        assertEquals(7, shards.size(), "what the server really has");
        assertEquals(Map.of("SubDbName", db + "_0000", "InstanceName", "rdsB"), shards.get(0));

        List<?> data = (List<?>) admin.call("DescribeRdsList", Map.of("DrdsInstanceId", id, "DbName", db)).get("Data");
        assertEquals(List.of("InstanceId", "InstanceName", "ConnectUrl", "Port", "InstanceStatus", "DbType",
                "ReadWeight", "ReadOnlyChild"), List.copyOf(((Map<?, ?>) data.get(0)).keySet()));
        admin.call("DeleteDrdsDB", Map.of("DrdsInstanceId", id, "DbName", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsB", db + "_ro"), "the read-only account goes with its database");
        assertEquals(List.of(), TestEstate.databasesLike("rdsB", db));
        admin.call("RemoveDrdsInstance", Map.of("DrdsInstanceId", id));
    }
}
