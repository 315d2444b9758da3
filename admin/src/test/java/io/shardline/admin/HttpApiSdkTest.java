package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.drds.model.v20150413.*;
import com.aliyuncs.drds.model.v20150413.CreateDrdsInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardline.admin.http.ApiServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API driven by the client the DRDS spec names, {@code aliyun-java-sdk-drds} 2.0.1 on
 * {@code aliyun-java-sdk-core}, pointed at a test server: every DRDS action in JSON over GET and in XML over POST,
 * against two real MariaDB servers, and the RDS copy, backup and shard-move actions through the SDK's CommonRequest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiSdkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEstate estate;
    private ApiServer server;
    private IAcsClient client;
    private Path backups;

    /** JSON answers to GET requests, XML answers to form-encoded POST requests. */
    enum Wire {
        JSON_GET(FormatType.JSON, MethodType.GET), XML_POST(FormatType.XML, MethodType.POST);

        final FormatType format;
        final MethodType method;

        Wire(FormatType format, MethodType method) {
            this.format = format;
            this.method = method;
        }
    }

    @BeforeAll
    void start() throws Exception {
        backups = Files.createTempDirectory("http-api-backups");
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(2).withBackups(backups, Duration.ofDays(1)));
        server = ApiServer.start(estate.admin, new InetSocketAddress("127.0.0.1", 0), null);
        AccessKeys.Created key = estate.admin.accessKeys().create(List.of(), List.of(), "sdk test");
        client = new DefaultAcsClient(DefaultProfile.getProfile(TestEstate.REGION, key.key().accessKeyId(), key.secret()));
    }

    @AfterAll
    void stop() throws Exception {
        client.shutdown();
        server.close();
        estate.close();
    }

    private <T extends AcsResponse> T call(AcsRequest<T> request, Wire wire) throws ClientException {
        request.setSysEndpoint("127.0.0.1:" + server.port());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysAcceptFormat(wire.format);
        request.setSysMethod(wire.method);
        return client.getAcsResponse(request);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void everyDrdsActionThroughTheSdk(Wire wire) throws Exception {
        // instances
        CreateDrdsInstanceRequest create = new CreateDrdsInstanceRequest();
        create.setDescription("sdk instance");
        create.setType("PRIVATE");
        create.setZoneId(TestEstate.REGION + "-a");
        create.setQuantity(1);
        create.setSpecification("drds.small");
        create.setPayType("drdsPost");
        create.setSysRegionId(TestEstate.REGION);
        CreateDrdsInstanceResponse created = call(create, wire);
        assertTrue(created.getSuccess());
        assertNotNull(created.getRequestId());
        assertTrue(created.getData().getOrderId() > 0);
        assertEquals(1, created.getData().getDrdsInstanceIdList().size());
        String id = created.getData().getDrdsInstanceIdList().get(0);

        DescribeDrdsInstanceRequest describe = new DescribeDrdsInstanceRequest();
        describe.setDrdsInstanceId(id);
        DescribeDrdsInstanceResponse.Data instance = call(describe, wire).getData();
        assertEquals(id, instance.getDrdsInstanceId());
        assertEquals("1", instance.getType());
        assertEquals(TestEstate.REGION, instance.getRegionId());
        assertEquals(TestEstate.REGION + "-a", instance.getZoneId());
        assertEquals("sdk instance", instance.getDescription());
        assertEquals("classic", instance.getNetworkType());
        assertEquals("0", instance.getStatus());
        assertTrue(instance.getCreateTime() > 0);
        assertEquals(1, instance.getVips().size());
        assertEquals("127.0.0.1", instance.getVips().get(0).getIP());
        assertEquals("3306", instance.getVips().get(0).getPort());
        assertNotNull(instance.getVips().get(0).getType());

        ModifyDrdsInstanceDescriptionRequest rename = new ModifyDrdsInstanceDescriptionRequest();
        rename.setDrdsInstanceId(id);
        rename.setDescription("renamed over http");
        assertTrue(call(rename, wire).getSuccess());

        DescribeDrdsInstancesRequest list = new DescribeDrdsInstancesRequest();
        list.setSysRegionId(TestEstate.REGION);
        DescribeDrdsInstancesResponse.Instance listed = call(list, wire).getData().stream()
                .filter(i -> i.getDrdsInstanceId().equals(id)).findFirst().orElseThrow();
        assertEquals("renamed over http", listed.getDescription());
        assertEquals(1, listed.getVips().size());
        assertEquals("127.0.0.1", listed.getVips().get(0).getIP());

        // a database over both servers: answered at once, running when the describe calls say so
        String db = estate.db(wire == Wire.JSON_GET ? "sj" : "sx");
        CreateDrdsDBRequest createDb = new CreateDrdsDBRequest();
        createDb.setDrdsInstanceId(id);
        createDb.setDbName(db);
        createDb.setEncode("utf8mb4");
        createDb.setPassword("First-pass1");
        createDb.setRdsInstances("[\"rdsA\",\"rdsB\"]");
        assertTrue(call(createDb, wire).getSuccess());
        DescribeDrdsDBRequest describeDb = new DescribeDrdsDBRequest();
        describeDb.setDrdsInstanceId(id);
        describeDb.setDbName(db);
        DescribeDrdsDBResponse.Data running = await(() -> call(describeDb, wire).getData(),
                d -> d.getStatus() != 0);
        assertEquals(1, running.getStatus(), running.getMsg());
        assertEquals(db, running.getDbName());
        assertEquals("horizontal", running.getMode());
        assertEquals(List.of(db + "_0000", db + "_0001"), TestEstate.databasesLike("rdsA", db));

        DescribeDrdsDBsRequest dbs = new DescribeDrdsDBsRequest();
        dbs.setDrdsInstanceId(id);
        DescribeDrdsDBsResponse.Db item = call(dbs, wire).getData().get(0);
        assertEquals(db, item.getDbName());
        assertEquals(1, item.getStatus());

        ModifyDrdsDBPasswdRequest password = new ModifyDrdsDBPasswdRequest();
        password.setDrdsInstanceId(id);
        password.setDbName(db);
        password.setNewPasswd("Second-pass2");
        assertTrue(call(password, wire).getSuccess());
        try (Connection c = TestEstate.login("rdsB", db, "Second-pass2")) {
            assertTrue(c.isValid(2), "the new password logs in on the servers");
        }

        ModifyDrdsIpWhiteListRequest white = new ModifyDrdsIpWhiteListRequest();
        white.setDrdsInstanceId(id);
        white.setDbName(db);
        white.setIpWhiteList("127.0.0.1,10.1.2.0/24");
        white.setMode(false);
        assertTrue(call(white, wire).getSuccess());
        DescribeDrdsDBIpWhiteListRequest whiteList = new DescribeDrdsDBIpWhiteListRequest();
        whiteList.setDrdsInstanceId(id);
        whiteList.setDbName(db);
        List<String> ips = call(whiteList, wire).getData().getIpWhiteList();
        assertTrue(ips.contains("127.0.0.1") && ips.size() == 2, ips.toString());

        DescribeRdsListRequest rdsList = new DescribeRdsListRequest();
        rdsList.setDrdsInstanceId(id);
        rdsList.setDbName(db);
        List<DescribeRdsListResponse.RdsInstance> rds = call(rdsList, wire).getData();
        assertEquals(List.of("rdsA", "rdsB"), rds.stream().map(DescribeRdsListResponse.RdsInstance::getInstanceName)
                .sorted().toList());
        assertEquals("Running", rds.get(0).getInstanceStatus());
        assertEquals(100, rds.get(0).getReadWeight());
        assertTrue(rds.get(0).getPort() > 0);

        DescribeShardDBsRequest shards = new DescribeShardDBsRequest();
        shards.setDrdsInstanceId(id);
        shards.setDbName(db);
        assertEquals(4, call(shards, wire).getData().size());

        ModifyRdsReadWeightRequest weight = new ModifyRdsReadWeightRequest();
        weight.setDrdsInstanceId(id);
        weight.setDbName(db);
        weight.setInstanceNames("rdsA");
        weight.setWeights("100");
        assertTrue(call(weight, wire).getSuccess());

        // a refusal reaches the SDK as its code
        ModifyFullTableScanRequest scan = new ModifyFullTableScanRequest();
        scan.setDrdsInstanceId(id);
        scan.setDbName(db);
        scan.setTableNames("no_such_table");
        scan.setFullTableScan(true);
        ClientException noTable = assertThrows(ClientException.class, () -> call(scan, wire));
        assertEquals("InvalidParameter.TableNotFound", noTable.getErrCode());
        assertNotNull(noTable.getRequestId());

        // read-only account
        CreateReadOnlyAccountRequest ro = new CreateReadOnlyAccountRequest();
        ro.setDrdsInstanceId(id);
        ro.setDbName(db);
        ro.setpassword("Reader-pass1");
        assertEquals(db + "_ro", call(ro, wire).getData().getAccountName());
        DescribeReadOnlyAccountRequest describeRo = new DescribeReadOnlyAccountRequest();
        describeRo.setDrdsInstanceId(id);
        describeRo.setDbName(db);
        DescribeReadOnlyAccountResponse.Data roData = call(describeRo, wire).getData();
        assertEquals(db + "_ro", roData.getAccountName());
        assertEquals(id, roData.getDrdsInstanceId());
        ModifyReadOnlyAccountPasswordRequest roPassword = new ModifyReadOnlyAccountPasswordRequest();
        roPassword.setDrdsInstanceId(id);
        roPassword.setDbName(db);
        roPassword.setAccountName(db + "_ro");
        roPassword.setOriginPassword("Reader-pass1");
        roPassword.setNewPasswd("Reader-pass2");
        assertTrue(call(roPassword, wire).getSuccess());
        try (Connection c = TestEstate.login("rdsA", db + "_ro", "Reader-pass2")) {
            assertTrue(c.isValid(2));
        }
        RemoveReadOnlyAccountRequest removeRo = new RemoveReadOnlyAccountRequest();
        removeRo.setDrdsInstanceId(id);
        removeRo.setDbName(db);
        removeRo.setAccountName(db + "_ro");
        assertTrue(call(removeRo, wire).getSuccess());
        assertTrue(TestEstate.hostsOf("rdsA", db + "_ro").isEmpty());

        // a running database is not a failed one; then it is deleted, in the background
        DeleteFailedDrdsDBRequest deleteFailed = new DeleteFailedDrdsDBRequest();
        deleteFailed.setDrdsInstanceId(id);
        deleteFailed.setDbName(db);
        assertEquals("InvalidParameter.Mismatch", assertThrows(ClientException.class,
                () -> call(deleteFailed, wire)).getErrCode());
        DeleteDrdsDBRequest delete = new DeleteDrdsDBRequest();
        delete.setDrdsInstanceId(id);
        delete.setDbName(db);
        assertTrue(call(delete, wire).getSuccess());
        await(() -> call(dbs, wire).getData(), List::isEmpty);
        assertTrue(TestEstate.databasesLike("rdsA", db).isEmpty());
        assertTrue(TestEstate.databasesLike("rdsB", db).isEmpty());

        RemoveDrdsInstanceRequest remove = new RemoveDrdsInstanceRequest();
        remove.setDrdsInstanceId(id);
        assertTrue(call(remove, wire).getSuccess());
        ClientException gone = assertThrows(ClientException.class, () -> call(describe, wire));
        assertEquals("InvalidDRDSInstanceId.NotFound", gone.getErrCode());
    }

    @Test
    void rdsBackupAndCopyActionsThroughTheSdksCommonRequest() throws Exception {
        registerCopyServers();
        String src = estate.db("src");
        try (Connection c = CopyServers.connect(CopyServers.src(), ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + src);
            s.execute("CREATE TABLE " + src + ".t (id INT PRIMARY KEY, name VARCHAR(20))");
            s.execute("INSERT INTO " + src + ".t VALUES (1, 'one'), (2, 'two')");
        }
        JsonNode backup = rds("CreateBackup", Wire.JSON_GET, "DBInstanceId", "src", "DBName", src);
        String backupId = backup.get("BackupJobId").asText();
        JsonNode described = rds("DescribeBackups", Wire.JSON_GET, "DBInstanceId", "src");
        assertEquals(backupId, described.get("Items").get("Backup").get(0).get("BackupId").asText());
        assertEquals(src, described.get("Items").get("Backup").get(0).get("BackupDBNames").asText());

        String dst = estate.db("dst");
        JsonNode copy = rds("CopyDatabaseBetweenInstances", Wire.JSON_GET, "DBInstanceId", "src",
                "TargetDBInstanceId", "dst", "DbNames", "{\"" + src + "\":\"" + dst + "\"}");
        String taskId = copy.get("RequestId").asText();
        JsonNode done = await(() -> rds("DescribeCopyDatabaseTask", Wire.JSON_GET, "TaskId", taskId),
                t -> !t.get("Status").asText().equals("Running"));
        assertEquals("Success", done.get("Status").asText(), done.toString());
        try (Connection c = CopyServers.connect(CopyServers.dst(), ""); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM " + dst + ".t")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1));
        }

        CommonResponse xml = rdsRaw("DescribeBackups", Wire.XML_POST, "DBInstanceId", "src");
        assertTrue(xml.getData().startsWith("<?xml") && xml.getData().contains("<DescribeBackupsResponse>")
                && xml.getData().contains("<Items><Backup><BackupId>" + backupId + "</BackupId>"), xml.getData());
        rds("DeleteBackup", Wire.XML_POST, "DBInstanceId", "src", "BackupId", backupId);
        assertFalse(rds("DescribeBackups", Wire.JSON_GET, "DBInstanceId", "src").get("Items").get("Backup")
                .toString().contains(backupId));
    }

    @Test
    void aShardMovesThroughTheApi() throws Exception {
        registerCopyServers();
        String id = estate.instance();
        String db = estate.db("mv");
        estate.admin.createDrdsDB(id, db, "utf8mb4", "Move-pass-1", List.of("src"));
        String cluster = id + "." + db;
        int srcId;
        try (Connection meta = estate.metadata(); Statement s = meta.createStatement();
             var rs = s.executeQuery("SELECT server_id FROM rds_instance WHERE instance_name = 'src'")) {
            assertTrue(rs.next());
            srcId = rs.getInt(1);
            new io.shardline.driver.store.ConfigWriter(meta, true).hashTable(cluster, "t", 2, "id")
                    .placement(cluster, "t", 0, srcId, db + "_0000").placement(cluster, "t", 1, srcId, db + "_0001")
                    .fullTableScan(cluster, "t", true);
            io.shardline.driver.store.ConfigSchema.touch(meta);
        }
        try (var ds = estate.dataSource(id, db, db, "Move-pass-1"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(20))");
            s.executeUpdate("INSERT INTO t (id, v) VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')");
        }
        String taskId = rds("MoveShardDb", Wire.JSON_GET, "DBInstanceId", "src", "DBName", db + "_0001",
                "TargetDBInstanceId", "dst").get("RequestId").asText();
        JsonNode done = await(() -> rds("DescribeMoveShardDbTask", Wire.JSON_GET, "TaskId", taskId),
                t -> !t.get("Status").asText().equals("Running"));
        assertEquals("Success", done.get("Status").asText(), done.toString());
        assertEquals("done", done.get("Phase").asText());
        assertEquals(2, done.get("RowsCopied").asInt());
        try (var ds = estate.dataSource(id, db, db, "Move-pass-1"); Connection c = ds.getConnection();
             Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            assertTrue(rs.next());
            assertEquals(4, rs.getInt(1), "the moved shard's rows are read from its new server");
        }
        rds("DropMovedShardDb", Wire.XML_POST, "TaskId", taskId);
        assertFalse(CopyServers.exists(CopyServers.src(), done.get("OldCopyDBName").asText()));
        estate.admin.deleteDrdsDB(id, db);
    }

    private boolean copyServersRegistered;

    /** src and dst: servers that report their free disk space (as copies need), src with a ROW binary log. */
    private void registerCopyServers() throws DrdsException {
        if (!copyServersRegistered) {
            CopyServers.register(estate);
            copyServersRegistered = true;
        }
    }

    private JsonNode rds(String action, Wire wire, String... params) throws Exception {
        CommonResponse r = rdsRaw(action, wire, params);
        return wire == Wire.JSON_GET ? JSON.readTree(r.getData()) : null;
    }

    /** An RDS action as RDS's own SDK would send it: product Rds, version 2014-08-15. */
    private CommonResponse rdsRaw(String action, Wire wire, String... params) throws ClientException {
        CommonRequest request = new CommonRequest();
        request.setSysDomain("127.0.0.1:" + server.port());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysVersion("2014-08-15");
        request.setSysAction(action);
        request.setSysMethod(wire.method);
        request.setSysAccept(wire.format);
        for (int i = 0; i < params.length; i += 2) {
            request.putQueryParameter(params[i], params[i + 1]);
        }
        return client.getCommonResponse(request);
    }

    private interface Call<T> {
        T get() throws Exception;
    }

    /** Calls until the answer satisfies {@code done}; 20 s at most. */
    private static <T> T await(Call<T> call, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            T answer = call.get();
            if (done.test(answer)) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + answer);
            }
            Thread.sleep(100);
        }
    }

}
