package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Actions that a server stops answering part-way: the third mariadbd (rdsC) is killed at a chosen step. Nothing may be
 * left half-made without the database's status saying so, and DeleteFailedDrdsDB must remove exactly what was made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerFailureTest {
    private static final String PASSWORD = "Failure-pass-1";
    private TestEstate estate;
    private ShardlineAdmin admin;
    private MariaDbServer rdsC;
    private String id;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(2));
        admin = estate.admin;
        rdsC = TestEstate.third();
        admin.registerRds(new RdsRegistration("rdsC", TestEstate.REGION, "127.0.0.1", rdsC.port(), "root", "", null));
        id = estate.instance();
    }

    @AfterEach
    void serversBack() throws SQLException {
        admin.observeSteps(null);
        try (Connection c = rdsC.connect()) {
            c.isValid(1);
        } catch (SQLException dead) {
            rdsC.restart();
        }
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    /** Stops rdsC just before the next step on it whose text contains {@code what}, once. */
    private void killRdsCAt(String what) {
        admin.observeSteps(step -> {
            if (step.contains("rds rdsC") && step.contains(what)) {
                admin.observeSteps(null);
                rdsC.kill();
            }
        });
    }

    private String status(String db) throws DrdsException {
        return admin.describeDrdsDB(id, db).status();
    }

    @Test
    void aCreationCutShortIsFailedAndItsRemainsAreRemovedEvenWhileTheServerIsDown() throws Exception {
        String db = estate.db("cut");
        killRdsCAt("create shard databases");
        DrdsException e = assertThrows(DrdsException.class,
                () -> admin.createDrdsDB(id, db, "utf8mb4", PASSWORD, List.of("rdsA", "rdsC")));
        assertEquals("ServiceUnavailable", e.code());
        assertEquals(503, e.httpStatus());
        assertTrue(e.getMessage().contains("status 2"), e.getMessage());

        DrdsDb failed = admin.describeDrdsDB(id, db);
        assertEquals("2", failed.status());
        assertTrue(failed.msg().contains("rdsC") && failed.msg().contains("create shard databases"), failed.msg());
        assertEquals(List.of(db + "_0000", db + "_0001"), TestEstate.databasesLike("rdsA", db), "made before the cut");
        assertEquals(List.of("%"), TestEstate.hostsOf("rdsA", db));

        assertEquals("InvalidDbname.DeleteStatusOrFailed", assertThrows(DrdsException.class,
                () -> admin.deleteDrdsDB(id, db)).code());
        assertEquals("InvalidDbStatus.NotRunning", assertThrows(DrdsException.class,
                () -> admin.createReadOnlyAccount(id, db, "Reader-pass-1")).code());
        assertEquals("InvalidDbprefixDuplicated", assertThrows(DrdsException.class,
                () -> admin.createDrdsDB(id, db, "utf8mb4", PASSWORD, List.of("rdsA"))).code());

        admin.deleteFailedDrdsDB(id, db); // rdsC is still down: nothing was made there, so it is not needed
        assertEquals("InvalidDbName.NotFound", assertThrows(DrdsException.class, () -> status(db)).code());
        assertEquals(List.of(), TestEstate.databasesLike("rdsA", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsA", db));

        rdsC.restart();
        assertEquals(List.of(), TestEstate.databasesLike("rdsC", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsC", db));
        admin.createDrdsDB(id, db, "utf8mb4", PASSWORD, List.of("rdsA", "rdsC"));
        assertEquals("1", status(db), "the name is free again");
        admin.deleteDrdsDB(id, db);
    }

    @Test
    void whatADeadServerStillHoldsKeepsTheDatabaseFailedUntilItAnswers() throws Exception {
        String db = estate.db("held");
        killRdsCAt("create account");
        assertEquals("ServiceUnavailable", assertThrows(DrdsException.class,
                () -> admin.createDrdsDB(id, db, "gbk", PASSWORD, List.of("rdsA", "rdsC"))).code());
        assertEquals("2", status(db));

        DrdsException stillThere = assertThrows(DrdsException.class, () -> admin.deleteFailedDrdsDB(id, db));
        assertEquals("ServiceUnavailable", stillThere.code());
        DrdsDb left = admin.describeDrdsDB(id, db);
        assertEquals("4", left.status());
        assertTrue(left.msg().contains("database " + db + "_0002 on rds rdsC") && !left.msg().contains("rdsA"),
                left.msg());
        assertEquals(List.of(), TestEstate.databasesLike("rdsA", db), "everything reachable went already");

        rdsC.restart();
        assertEquals(List.of(db + "_0002", db + "_0003"), TestEstate.databasesLike("rdsC", db));
        admin.deleteFailedDrdsDB(id, db);
        assertEquals(List.of(), TestEstate.databasesLike("rdsC", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsC", db));
        assertEquals("InvalidDbName.NotFound", assertThrows(DrdsException.class, () -> status(db)).code());
    }

    @Test
    void accountChangesAreUndoneWhereTheyHappenedWhenAServerFails() throws Exception {
        String db = estate.db("undo");
        admin.createDrdsDB(id, db, "latin1", PASSWORD, List.of("rdsA", "rdsC"));
        admin.createReadOnlyAccount(id, db, "Reader-pass-1");
        killRdsCAt("set the password");
        DrdsException pw = assertThrows(DrdsException.class, () -> admin.modifyDrdsDBPswd(id, db, "Never-pass-1"));
        assertEquals("UpdateDbUserPasswordFailed", pw.code());
        assertTrue(pw.getMessage().contains("restored to the old password"), pw.getMessage());
        TestEstate.login("rdsA", db, PASSWORD).close();

        DrdsException ro = assertThrows(DrdsException.class, () -> admin.modifyReadOnlyAccountPassword(id, db,
                db + "_ro", "Reader-pass-1", "Reader-pass-2"));
        assertEquals("UpdateDbUserPassword.Failed", ro.code());
        TestEstate.login("rdsA", db + "_ro", "Reader-pass-1").close();

        assertEquals("OperationFailed.RemoveDbUserFailed", assertThrows(DrdsException.class,
                () -> admin.removeReadOnlyAccount(id, db, db + "_ro")).code());
        assertEquals(db + "_ro", admin.describeReadOnlyAccount(id, db).accountName(), "still there on rdsC");

        rdsC.restart();
        TestEstate.login("rdsC", db, PASSWORD).close();
        admin.removeReadOnlyAccount(id, db, db + "_ro");
        assertNull(admin.describeReadOnlyAccount(id, db).accountName());
        assertEquals(List.of(), TestEstate.hostsOf("rdsC", db + "_ro"));

        rdsC.kill();
        DrdsException create = assertThrows(DrdsException.class, () -> admin.createReadOnlyAccount(id, db, "Reader-pass-3"));
        assertEquals("CreateReadOnlyAccount.Failed", create.code());
        assertEquals(List.of(), TestEstate.hostsOf("rdsA", db + "_ro"), "rolled back where it was made");
        rdsC.restart();
        assertEquals(db + "_ro", admin.createReadOnlyAccount(id, db, "Reader-pass-3").accountName());
        TestEstate.login("rdsC", db + "_ro", "Reader-pass-3").close();

        rdsC.kill();
        DrdsException delete = assertThrows(DrdsException.class, () -> admin.deleteDrdsDB(id, db));
        assertEquals("ServiceUnavailable", delete.code());
        assertEquals("4", status(db));
        assertEquals("InvalidDbname.DeleteStatusOrFailed", assertThrows(DrdsException.class,
                () -> admin.deleteDrdsDB(id, db)).code());
        rdsC.restart();
        admin.deleteFailedDrdsDB(id, db);
        for (String rds : List.of("rdsA", "rdsC")) {
            assertEquals(List.of(), TestEstate.databasesLike(rds, db));
            assertEquals(List.of(), TestEstate.hostsOf(rds, db));
            assertEquals(List.of(), TestEstate.hostsOf(rds, db + "_ro"));
        }
    }

    @Test
    void aCreationWhoseAdminDiedTurnsFailedWhenStale() throws Exception {
        String db = estate.db("stale");
        admin.createDrdsDB(id, db, "utf8", PASSWORD, List.of("rdsA"));
        try (Connection meta = estate.metadata(); Statement s = meta.createStatement()) {
            s.executeUpdate("UPDATE drds_db SET status = 0, msg = 'step 2/3 ...', update_time = "
                    + System.currentTimeMillis() + " WHERE db_name = '" + db + "'");
        }
        assertEquals("DbIsCreating", assertThrows(DrdsException.class, () -> admin.deleteFailedDrdsDB(id, db)).code());
        assertEquals("InvalidAction.ConflictWithAnotherAction", assertThrows(DrdsException.class,
                () -> admin.modifyDrdsDBPswd(id, db, "Other-pass-1")).code());

        try (Connection meta = estate.metadata(); Statement s = meta.createStatement()) {
            s.executeUpdate("UPDATE drds_db SET update_time = 0 WHERE db_name = '" + db + "'");
        }
        DrdsDb stale = admin.describeDrdsDB(id, db);
        assertEquals("2", stale.status());
        assertTrue(stale.msg().startsWith("no progress for 10 minutes"), stale.msg());
        admin.deleteFailedDrdsDB(id, db);
        assertEquals(List.of(), TestEstate.databasesLike("rdsA", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsA", db));
    }
}
