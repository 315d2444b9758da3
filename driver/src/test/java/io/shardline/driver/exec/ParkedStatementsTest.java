package io.shardline.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statements parked on a pool's physical connections outlive each borrower; those of a connection the pool closed
 * must not outlive the connection by more than the pool's next new one, or a pool whose connections retire every so
 * often would hold more and more dead statements.
 */
class ParkedStatementsTest {
    private static Connection h2(String name) throws Exception {
        return DriverManager.getConnection("jdbc:h2:mem:parked_" + name + System.nanoTime());
    }

    @Test
    void aConnectionKeepsItsStatementsFromOneBorrowerToTheNext() throws Exception {
        ParkedStatements parked = new ParkedStatements();
        try (Connection c = h2("a"); Connection d = h2("b")) {
            PreparedStatement ps = c.prepareStatement("SELECT 1");
            parked.of(c).put("SELECT 1", ps);
            assertSame(ps, parked.of(c).get("SELECT 1"), "the next borrower of c finds it");
            assertNotSame(parked.of(c), parked.of(d), "each connection its own");
            assertEquals(2, parked.connections());
        }
    }

    @Test
    void theStatementsOfAClosedConnectionGoWhenThePoolOpensANewOne() throws Exception {
        ParkedStatements parked = new ParkedStatements();
        Connection retired = h2("retired");
        parked.of(retired).put("SELECT 1", retired.prepareStatement("SELECT 1"));
        retired.close(); // as the pool closes a connection past its lifetime
        assertEquals(1, parked.connections(), "dropped only when the pool opens another");
        try (Connection next = h2("next")) {
            Map<String, PreparedStatement> fresh = parked.of(next);
            assertEquals(0, fresh.size());
            assertEquals(1, parked.connections(), "the closed connection's statements are gone");
            parked.forget(next);
            assertEquals(0, parked.connections(), "forgotten when Shardline itself evicts it");
        }
    }
}
