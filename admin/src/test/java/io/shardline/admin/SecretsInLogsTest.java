package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin's account actions leave no password text in the servers' general and slow logs (MariaDB logs statements
 * as received), the accounts still log in with their passwords, and the URL the admin hands out carries none of the
 * admin's own credentials.
 */
class SecretsInLogsTest {

    @Test
    void accountActionsLeaveNoPasswordInTheGeneralOrSlowLog() throws Exception {
        try (TestEstate estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(1))) {
            String id = estate.instance();
            String db = estate.db("logs");
            List<String> passwords = List.of("First-Pass-71", "Second-Pass-72", "Ro-Pass-73", "Ro-Pass-74");
            List<String> logged;
            try (Connection rdsB = TestEstate.root("rdsB"); Statement s = rdsB.createStatement()) {
                s.execute("SET GLOBAL log_output = 'TABLE'");
                s.execute("TRUNCATE TABLE mysql.general_log");
                s.execute("TRUNCATE TABLE mysql.slow_log");
                s.execute("SET GLOBAL long_query_time = 0");
                s.execute("SET GLOBAL general_log = 1");
                s.execute("SET GLOBAL slow_query_log = 1");
                try {
                    estate.admin.createDrdsDB(id, db, "utf8mb4", passwords.get(0), List.of("rdsB"));
                    estate.admin.modifyDrdsDBPswd(id, db, passwords.get(1));
                    estate.admin.createReadOnlyAccount(id, db, passwords.get(2));
                    estate.admin.modifyReadOnlyAccountPassword(id, db, db + "_ro", passwords.get(2), passwords.get(3));
                } finally {
                    s.execute("SET GLOBAL general_log = 0");
                    s.execute("SET GLOBAL slow_query_log = 0");
                    s.execute("SET GLOBAL long_query_time = 10");
                }
                logged = strings(s, "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log");
                logged.addAll(strings(s, "SELECT CONVERT(sql_text USING utf8mb4) FROM mysql.slow_log"));
            }
            List<String> accountStatements = logged.stream().filter(l -> l.contains("IDENTIFIED")).toList();
            assertTrue(accountStatements.size() >= 4, "the account statements are logged: " + accountStatements);
            for (String line : logged) {
                for (String password : passwords) {
                    assertFalse(line.contains(password), "a password in the server's log: " + line);
                }
            }
            TestEstate.login("rdsB", db, passwords.get(1)).close();
            TestEstate.login("rdsB", db + "_ro", passwords.get(3)).close();

            String handedOut = estate.admin.connectionUrl(id, db, db);
            assertFalse(handedOut.contains("secretKey") || handedOut.contains("password") || handedOut.contains("root"),
                    handedOut);
        }
    }

    @Test
    void theLocationHandedOutDropsTheAdminsCredentialsInEveryForm() throws Exception {
        assertEquals("jdbc:shardline:mysql://10.0.0.5:3306/cfg",
                StoreLocation.withoutCredentials("jdbc:shardline:mysql://admin:Adm1n-pw@10.0.0.5:3306/cfg?secretKey=k"));
        assertEquals("jdbc:shardline:h2:./meta;MODE=MySQL",
                StoreLocation.withoutCredentials("jdbc:shardline:h2:./meta;USER=sa;PASSWORD=Adm1n-pw;MODE=MySQL"));
        assertEquals("jdbc:shardline:mysql://(host=10.0.0.5,port=3306)/cfg",
                StoreLocation.withoutCredentials("jdbc:shardline:mysql://(host=10.0.0.5,port=3306,user=admin,"
                        + "password=Adm1n-pw)/cfg"));
        assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", NativePassword.hash("password")); // PASSWORD('password')
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
