package io.shardline.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statements parked on a pool's physical connections outlive each borrower, within a bound per connection that
 * keeps the most recently used (statements an application ran once at start-up must not hold the room for good); those
 * of a connection the pool closed must not outlive the connection by more than the pool's next new one, or a pool
 * whose connections retire every so often would hold more and more dead statements.
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
    void aConnectionKeepsItsMostRecentlyUsedStatementsAndClosesTheRest() throws Exception {
        ParkedStatements parked = new ParkedStatements();
        try (Connection c = h2("lru")) {
            Map<String, PreparedStatement> map = parked.of(c);
            PreparedStatement first = c.prepareStatement("SELECT 0");
            map.put("SELECT 0", first);
            PreparedStatement second = c.prepareStatement("SELECT 1");
            map.put("SELECT 1", second);
            for (int i = 2; i < ParkedStatements.MAX_PER_CONNECTION; i++) {
                map.put("SELECT " + i, c.prepareStatement("SELECT " + i));
            }
            assertSame(first, map.replace("SELECT 0", null), "taken out for an execution: now the most recently used");
            map.put("SELECT 0", first); // parked again
            map.put("SELECT 999", c.prepareStatement("SELECT 999")); // one more than the bound
            assertEquals(ParkedStatements.MAX_PER_CONNECTION, map.size());
            assertTrue(second.isClosed(), "the least recently used is closed");
            assertFalse(map.containsKey("SELECT 1"));
            assertFalse(first.isClosed(), "a statement used since stays");
            assertSame(first, map.get("SELECT 0"));
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
