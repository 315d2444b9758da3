package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every spec error code that can be provoked, through {@link ShardlineAdmin#call} with the spec's string parameters:
 * the code string, its HTTP status, the RequestId, and that nothing was changed. Names built to inject SQL are
 * refused; passwords appear in no answer, message or stored row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorCodesTest {
    private TestEstate estate;
    private ShardlineAdmin admin;
    private String id;
    private String running;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(1));
        admin = estate.admin;
        admin.registerRds(new RdsRegistration("rdsX", "cn-other", "127.0.0.1", TestEstate.third().port(),
                "root", "", null));
        id = estate.instance();
        running = estate.db("ok");
        admin.createDrdsDB(id, running, "utf8", "Running-pass-1", List.of("rdsA", "rdsB"));
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    private DrdsException refused(String action, String code, int status, String... params) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        DrdsException e = assertThrows(DrdsException.class, () -> admin.call(action, map), action + " " + map);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(status, e.httpStatus(), code);
        assertTrue(e.requestId() != null && e.requestId().length() == 36);
        Map<String, Object> fields = e.fields(admin.hostId());
        assertEquals(List.of("RequestId", "HostId", "Code", "Message"), List.copyOf(fields.keySet()));
        return e;
    }

    /** CreateDrdsInstance's parameters, valid, with some replaced. */
    private String[] instance(String... replaced) {
        Map<String, String> p = new HashMap<>(Map.of("Description", "an instance", "RegionId", TestEstate.REGION,
                "Type", "1", "ZoneId", TestEstate.REGION + "-a", "Quantity", "1", "Specification", "drds.large",
                "PayType", "drdsPost"));
        for (int i = 0; i < replaced.length; i += 2) {
            if (replaced[i + 1] == null) {
                p.remove(replaced[i]);
            } else {
                p.put(replaced[i], replaced[i + 1]);
            }
        }
        return p.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    private int instanceCount() throws SQLException {
        try (Connection c = estate.metadata(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM drds_instance")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void requestsThemselves() {
        refused("DropEverything", "InvalidAction", 403);
        refused("createdrdsinstance", "InvalidAction", 403, "Description", "x"); // action names are case-sensitive
        refused("DescribeDrdsInstance", "MissingParameter", 400);
        refused("DescribeDrdsInstance", "MissingParameter", 400, "DrdsInstanceId", "");
        refused("DescribeDrdsInstance", "UnsupportedParameter", 400, "DrdsInstanceId", id, "Password", "x");
        refused("DescribeDrdsInstance", "InvalidParameter", 400, "DrdsInstanceId", id, "drdsinstanceid", id);
    }

    @Test
    void createDrdsInstance() throws Exception {
        int before = instanceCount();
        refused("CreateDrdsInstance", "MissingParameter", 400, instance("PayType", null));
        refused("CreateDrdsInstance", "InvalidDescription.Malformed", 400, instance("Description", "x"));
        refused("CreateDrdsInstance", "InvalidParameter.RegionId", 400, instance("RegionId", "CN_TEST"));
        refused("CreateDrdsInstance", "InvalidRegionId.NotFound", 404, instance("RegionId", "cn-nowhere",
                "ZoneId", "cn-nowhere-a"));
        refused("CreateDrdsInstance", "ParameterError", 400, instance("Type", "2"));
        refused("CreateDrdsInstance", "InvalidParameter.ZoneId", 400, instance("ZoneId", "zone a"));
        refused("CreateDrdsInstance", "InvalidZoneId.Mismatch", 400, instance("ZoneId", "cn-other-a"));
        refused("CreateDrdsInstance", "InvalidParameter.Quantity", 400, instance("Quantity", "two"));
        refused("CreateDrdsInstance", "InvalidParameter.Quantity", 400, instance("Quantity", "0"));
        refused("CreateDrdsInstance", "InvalidParameter.Specification", 400, instance("Specification", "drds.huge"));
        refused("CreateDrdsInstance", "InvalidParameter.PayType", 400, instance("PayType", "prepaid"));
        refused("CreateDrdsInstance", "InvalidVpcId", 400, instance("VpcId", "my-vpc", "VswitchId", "vsw-1"));
        refused("CreateDrdsInstance", "InvalidVSwitchId", 400, instance("VpcId", "vpc-1"));
        refused("CreateDrdsInstance", "InvalidDRDSInstanceType.Error", 400, instance("Type", "PUBLIC",
                "VpcId", "vpc-1", "VswitchId", "vsw-1"));
        assertEquals(before, instanceCount(), "nothing was created");

        admin.call("CreateDrdsInstance", toMap(instance("Type", "0")));
        refused("CreateDrdsInstance", "publicInstanceAlreadyExist.Error", 400, instance("Type", "PUBLIC"));
        ShardlineAdmin small = ShardlineAdmin.open(estate.adminUrl(), AdminOptions.defaults().withQuotas(instanceCount(), 1));
        DrdsException quota = assertThrows(DrdsException.class, () -> small.call("CreateDrdsInstance", toMap(instance())));
        assertEquals("QuotaExceeded.DRDInstance", quota.code());
        assertEquals("QuotaExceeded.DrdsDB", assertThrows(DrdsException.class, () -> small.createDrdsDB(id,
                estate.db("over"), "utf8", "Quota-pass-1", List.of("rdsA"))).code());
    }

    private static Map<String, String> toMap(String[] pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void instanceLookupsInBothOfTheSpecsSpellings() {
        refused("DescribeDrdsInstance", "InvalidDRDSInstanceId.NotFound", 404, "DrdsInstanceId", "drdsnosuchinstan");
        refused("ModifyDrdsInstanceDescription", "InvalidDRDSInstanceId.NotFound", 404, "DrdsInstanceId", "drds' OR 1=1",
                "Description", "ok");
        refused("ModifyDrdsInstanceDescription", "InvalidDescription.MalFormed", 400, "DrdsInstanceId", id,
                "Description", "a".repeat(129));
        refused("RemoveDrdsInstance", "RemoveDrdsDBFirst", 400, "DrdsInstanceId", id);
        refused("DescribeDrdsDBs", "InvalidDrdsInstanceId.NotFound", 404, "DrdsInstanceId", "drdsnosuchinstan");
        refused("DescribeDrdsDB", "InvalidDRDSInstanceId.NotFound", 404, "DrdsInstanceId", "x", "DbName", running);
        refused("DescribeShardDBs", "InvalidDrdsInstanceId.NotFound", 404, "DrdsInstanceId", "x", "DbName", running);
        refused("DescribeDrdsInstances", "InvalidRegionId.NotFound", 404, "RegionId", "cn-nowhere");
        refused("DescribeDrdsInstances", "InvalidType.ValueNotSupported", 400, "RegionId", TestEstate.REGION, "type", "3");
    }

    @Test
    void createDrdsDbChecksEverythingBeforeItChangesAnything() throws Exception {
        String db = estate.db("fresh");
        String[] ok = {"DrdsInstanceId", id, "DbName", db, "Encode", "utf8mb4", "Password", "Fresh-pass-1",
                "RdsInstances", "[\"rdsA\",\"rdsB\"]"};
        refused("CreateDrdsDB", "InvalidDbname.Malformed", 400, with(ok, "DbName", "Shop"));
        refused("CreateDrdsDB", "InvalidDbname.Malformed", 400, with(ok, "DbName", "x`; DROP DATABASE mysql; --"));
        refused("CreateDrdsDB", "InvalidDbname.Malformed", 400, with(ok, "DbName", "a".repeat(25)));
        refused("CreateDrdsDB", "InvalidParameter_DbprefixCannotEndWithUnderline", 400, with(ok, "DbName", db + "_"));
        refused("CreateDrdsDB", "InvalidEncode.ValueNotSupported", 400, with(ok, "Encode", "utf16"));
        refused("CreateDrdsDB", "InvalidPassword.Malformed", 400, with(ok, "Password", "short"));
        refused("CreateDrdsDB", "InvalidPassword.Malformed", 400, with(ok, "Password", "has a blank 1"));
        refused("CreateDrdsDB", "InvalidRdsInstances.Malformed", 400, with(ok, "RdsInstances", "rdsA,rdsB"));
        refused("CreateDrdsDB", "InvalidParameter.Mismatch", 400, with(ok, "RdsInstances", "[\"rdsA'; --\"]"));
        refused("CreateDrdsDB", "InvalidParameter.Mismatch", 400, with(ok, "RdsInstances", "[\"rdsNone\"]"));
        refused("CreateDrdsDB", "InvalidParameter.Mismatch", 400, with(ok, "RdsInstances", "[\"rdsA\",\"rdsA\"]"));
        refused("CreateDrdsDB", "InvalidDbprefixDuplicated", 400, with(ok, "DbName", running));
        refused("CreateDrdsDB", "InvalidDRDSInstanceId.NotFound", 404, with(ok, "DrdsInstanceId", "drdsnosuchinstan"));

        try (Connection c = TestEstate.root("rdsB"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db + "_0001");
        }
        refused("CreateDrdsDB", "OperationDenied.RdsDbNameExists", 400, ok);
        try (Connection c = TestEstate.root("rdsB"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + db + "_0001");
            s.execute("CREATE USER '" + db + "'@'10.0.0.1' IDENTIFIED BY 'foreign-pass'");
        }
        refused("CreateDrdsDB", "OperationDenied.RdsAccountExists", 400, ok);
        assertEquals(List.of(), TestEstate.databasesLike("rdsA", db), "nothing was made on rdsA");
        assertEquals(List.of(), TestEstate.hostsOf("rdsA", db));
        assertEquals(List.of("10.0.0.1"), TestEstate.hostsOf("rdsB", db), "the foreign account is untouched");
        refused("DescribeDrdsDB", "InvalidDbName.NotFound", 404, "DrdsInstanceId", id, "DbName", db);

        refused("CreateDrdsDB", "InvalidRds.RegionNotMatch", 400, with(ok, "RdsInstances", "[\"rdsA\",\"rdsX\"]"));
    }

    private static String[] with(String[] params, String name, String value) {
        String[] out = params.clone();
        for (int i = 0; i < out.length; i += 2) {
            if (out[i].equals(name)) {
                out[i + 1] = value;
            }
        }
        return out;
    }

    @Test
    void databaseActions() throws Exception {
        String[] db = {"DrdsInstanceId", id, "DbName", running};
        refused("DeleteFailedDrdsDB", "InvalidParameter.Mismatch", 400, db);
        refused("ModifyDrdsDBPswd", "InvalidNewPasswd.Malformed", 400, "DrdsInstanceId", id, "DbName", running,
                "NewPasswd", "1234567");
        refused("ModifyFullTableScan", "InvalidParameter.TableNotFound", 400, "DrdsInstanceId", id, "DbName", running,
                "TableNames", "t' OR '1'='1", "FullTableScan", "true");
        refused("ModifyDrdsIpWhiteList", "MissingParameter", 400, db);
        refused("CreateReadOnlyAccount", "InvalidPassword.Malformed", 400, "DrdsInstanceId", id, "DbName", running,
                "password", "x");
        refused("RemoveReadOnlyAccount", "InvalidReadOnlyAccount.NotFound", 400, "DrdsInstanceId", id, "DbName", running,
                "AccountName", running + "_ro");

        try (Connection c = TestEstate.root("rdsB"); Statement s = c.createStatement()) {
            s.execute("DROP USER '" + running + "'@'%'"); // dropped behind Shardline's back
        }
        refused("ModifyDrdsDBPswd", "InvalidDbUserName.NotFound", 400, "DrdsInstanceId", id, "DbName", running,
                "NewPasswd", "Running-pass-2");
        TestEstate.login("rdsA", running, "Running-pass-1").close(); // rdsA got its old password back

        try (Connection c = estate.metadata(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE drds_instance SET status = 6 WHERE instance_id = '" + id + "'");
        }
        try {
            refused("DescribeReadOnlyAccount", "InvalidInstanceStatus.NotRunning", 400, db);
        } finally {
            try (Connection c = estate.metadata(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE drds_instance SET status = 0 WHERE instance_id = '" + id + "'");
            }
        }
    }

    @Test
    void passwordsAreNeverStoredOrToldInPlainText() throws Exception {
        String db = estate.db("secret");
        String password = "Pa'ss\"wo`rd\\1";
        admin.createDrdsDB(id, db, "utf8", password, List.of("rdsB"));
        TestEstate.login("rdsB", db, password).close(); // quotes and backslashes arrive intact, bound not spliced
        admin.createReadOnlyAccount(id, db, "Reader-'pass");
        DrdsException wrong = assertThrows(DrdsException.class, () -> admin.modifyReadOnlyAccountPassword(id, db,
                db + "_ro", password, "Reader-new-1"));
        DrdsException tooLong = assertThrows(DrdsException.class, () -> admin.modifyDrdsDBPswd(id, db, password.repeat(3)));
        for (DrdsException e : List.of(wrong, tooLong)) {
            assertFalse(e.getMessage().contains(password) || e.getMessage().contains("Reader-"), e.getMessage());
        }
        try (Connection c = estate.metadata(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT db_password, ro_password FROM drds_db WHERE db_name = '" + db + "'"
                     + " UNION ALL SELECT passwd, passwd FROM server_info")) {
            while (r.next()) {
                for (int col = 1; col <= 2; col++) {
                    assertTrue(r.getString(col).startsWith("enc:v1:"), r.getString(col));
                    assertFalse(r.getString(col).contains("Pa'ss") || r.getString(col).contains("Reader"));
                }
            }
        }
        assertFalse(new RdsRegistration("x", "r", "h", 1, "u", "registered-secret", null).toString()
                .contains("registered-secret"));
    }
}
