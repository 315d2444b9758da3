package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The DBProxy API's tests run on {@link ShardedFixture}'s MariaDB estate (two servers; the worked example's msg,
 * hash tables user/orders, string-hashed account), through {@code dataSource.unwrap(Shardline.class)}. Every test
 * starts from empty tables and must leave no physical connection borrowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DbproxyEstate {
    ShardedFixture fixture;
    ShardlineDataSource dataSource;
    Shardline api;

    @BeforeAll
    void createEstate() throws SQLException {
        fixture = ShardedFixture.create(ShardedFixture.Engine.MARIADB);
        dataSource = fixture.dataSource();
        api = dataSource.unwrap(Shardline.class);
    }

    @AfterAll
    void dropEstate() throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        fixture.truncateAll();
    }

    @AfterEach
    void noConnectionLeftBorrowed() throws SQLException {
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "physical connections still borrowed");
    }

    static int code(Executable call) {
        return assertThrows(SQLException.class, call).getErrorCode();
    }

    /** One column of a physical table, read straight from its server, ordered by the first column. */
    List<String> physical(int serverId, String database, String table, String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = fixture.physical(serverId); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + fixture.db(database) + "." + table + " ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Rows in every physical msg table: what a refused call must leave unchanged. */
    int msgRowsEverywhere() throws SQLException {
        int total = 0;
        for (String db : List.of("ud_0", "ud_1_odd", "ud_1_even", "ud_2")) {
            for (int i = 0; i < 4; i++) {
                total += fixture.count(db.equals("ud_0") || db.equals("ud_1_odd") ? 1 : 2, db, "msg" + i);
            }
        }
        return total;
    }

    void insertMsg(long id, String content) throws SQLException {
        api.query(id, "msg", "INSERT INTO msg (id, content) VALUES (?, '?')", List.of(Long.toString(id), content), false);
    }
}
