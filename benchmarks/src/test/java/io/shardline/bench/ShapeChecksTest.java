package io.shardline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gathered-shapes benchmark's answer checks on H2, so a broken target, oracle or shape shows up in the test suite
 * and not in a benchmark run: Shardline answers every shape as the plain database does, and a target that answers
 * one wrongly or refuses it fails the checks.
 */
class ShapeChecksTest {
    private static ShapesTargets.Opened plain;

    @BeforeAll
    static void load() throws Exception {
        ShapesEstate.prepare(Engine.H2);
        plain = ShapesTargets.open("plain", Engine.H2, false);
    }

    @AfterAll
    static void close() throws Exception {
        plain.close();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shardlineAnswersEveryShapeAsThePlainDatabase(Shape shape) throws Exception {
        try (ShapesTargets.Opened shardline = ShapesTargets.open("shardline", Engine.H2, false)) {
            ShapeChecks.verify("shardline", shardline.dataSource(), plain.dataSource(), shape);
        }
    }

    /** The yardstick's YAML really enables its federation: without it these joins across data sources fail. */
    @Test
    void shardingSphereWithItsFederationAnswersTheJoinsAcrossDatabases() throws Exception {
        try (ShapesTargets.Opened ss = ShapesTargets.open("shardingsphere", Engine.H2, false)) {
            ShapeChecks.verify("shardingsphere", ss.dataSource(), plain.dataSource(), Shape.CROSS_SHARD_JOIN);
            ShapeChecks.verify("shardingsphere", ss.dataSource(), plain.dataSource(), Shape.JOIN_SINGLE_TABLE);
        }
    }

    @Test
    void theReferenceAnswersAreTheRowsOneDatabaseHolds() throws Exception {
        // order 4,002's user 2: orders 2, 4002, .., 16002; payments exist for orders up to 8,000
        assertEquals(List.of("2|CANCELLED|transfer|158.38", "4002|CANCELLED|card|918.38"),
                ShapeChecks.answer(plain.dataSource(), Shape.CROSS_SHARD_JOIN, 4_002));
        assertEquals(List.of("2|5|16002/12002/8002/4002/2", "7|5|16007/12007/8007/4007/7",
                "12|5|16012/12012/8012/4012/12"), ShapeChecks.answer(plain.dataSource(), Shape.GROUP_CONCAT, 4_002));
        assertEquals(List.of("4002|CANCELLED|918.38|user-2"),
                ShapeChecks.answer(plain.dataSource(), Shape.JOIN_SINGLE_TABLE, 4_002));
    }

    @Test
    void aTargetThatOrdersWronglyFailsTheChecks() throws Exception {
        DataSource reversed = rewriting(plain.dataSource(), "ORDER BY o.order_id", "ORDER BY o.order_id DESC");
        ShapeChecks.Failed e = assertThrows(ShapeChecks.Failed.class, () ->
                ShapeChecks.verify("reversed", reversed, plain.dataSource(), Shape.CROSS_SHARD_JOIN));
        assertFalse(e.refused);
        assertTrue(e.getMessage().contains("crossShardJoin") && e.getMessage().contains("wrongly"), e.getMessage());
    }

    @Test
    void aTargetThatRefusesAShapeFailsTheChecks() throws Exception {
        try (HikariDataSource oneShard = new HikariDataSource()) {
            oneShard.setJdbcUrl(ShapesEstate.jdbcUrl(Engine.H2, 0)); // holds t_order_0.., no t_order
            oneShard.setUsername("sa");
            ShapeChecks.Failed e = assertThrows(ShapeChecks.Failed.class, () ->
                    ShapeChecks.verify("one shard", oneShard, plain.dataSource(), Shape.UNION_ALL));
            assertTrue(e.refused);
            assertTrue(e.getMessage().startsWith("one shard refuses unionAll"), e.getMessage());
        }
    }

    /** {@code ds} with {@code from} replaced by {@code to} in every statement it prepares: a planted bug. */
    private static DataSource rewriting(DataSource ds, String from, String to) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object r = invoke(method, ds, args);
                    return r instanceof Connection c ? rewriting(c, from, to) : r;
                });
    }

    private static Connection rewriting(Connection c, String from, String to) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args.length == 1) {
                        args[0] = ((String) args[0]).replace(from, to);
                    }
                    return invoke(method, c, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException x) {
            throw x.getCause();
        }
    }
}
