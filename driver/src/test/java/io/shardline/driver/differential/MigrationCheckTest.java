package io.shardline.driver.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.store.MigrationCheck;
import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migration check on the differential suite's estate (three MariaDB servers, DBProxy's metadata): clean as built,
 * and naming each problem once a shard table is dropped and a column changed on another shard.
 */
class MigrationCheckTest {

    @Test
    void theDifferentialEstateIsCleanAndEachBreakageIsNamed() throws Exception {
        try (DifferentialFixture f = DifferentialFixture.create(ShardedFixture.Engine.MARIADB)) {
            String url = f.dataSource().getUrl();
            MigrationCheck.Report clean = MigrationCheck.run(url, null);
            assertTrue(clean.clean(), clean.text());
            // orders, order_line, customer, event, country, config, users, merchant, product, ledger
            assertEquals(10, clean.tables(), clean.text());
            assertEquals(3, clean.servers(), clean.text());
            assertTrue(clean.text().contains("note    table customer: full-table-scan switch is off"), clean.text());
            assertFalse(clean.text().contains("table orders: full-table-scan"), "orders' switch is on: " + clean.text());

            try (Connection c3 = f.physical(3); Statement s = c3.createStatement()) {
                s.execute("DROP TABLE " + f.db("o_c") + ".orders_3");
                s.execute("ALTER TABLE " + f.db("ev_2") + ".event1 MODIFY kind VARCHAR(40)");
                s.execute("CREATE INDEX by_uid ON " + f.db("ev_2") + ".event2 (uid)");
            }
            MigrationCheck.Report broken = MigrationCheck.run(url, null);
            assertFalse(broken.clean(), broken.text());
            List<String> problems = broken.problems().stream().map(Object::toString).toList();
            assertEquals(3, problems.size(), broken.text());
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("PROBLEM table orders: physical table " + f.db("o_c")
                    + ".orders_3 on server 3") && p.endsWith("is missing")), broken.text());
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("PROBLEM table event: " + f.db("ev_2") + ".event1 on"
                    + " server 3") && p.contains("column kind is VARCHAR(40,0), not VARCHAR(16,0)")), broken.text());
            assertTrue(problems.stream().anyMatch(p -> p.contains(f.db("ev_2") + ".event2")
                    && p.contains("extra index by_uid [uid]")), broken.text());
            assertTrue(broken.text().endsWith("3 problem(s) to fix before switching (" + (broken.findings().size() - 3)
                    + " note(s))\n"), broken.text());
        }
    }
}
