package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.ShardedFixture;
import io.shardline.router.dbproxy.Answer;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API on an estate of H2 servers (the demo's), where generated keys differ from MySQL's: H2 reports a table's
 * primary key when it has no identity column, which may be text. A write must still answer, never fail after it ran.
 */
class DbproxyH2Test {
    @Test
    void writesAnswerOnH2ServersWhateverTheirGeneratedKeys() throws SQLException {
        try (ShardedFixture fixture = ShardedFixture.create(ShardedFixture.Engine.H2);
             ShardlineDataSource dataSource = fixture.dataSource()) {
            Shardline api = dataSource.unwrap(Shardline.class);
            Answer<String> text = api.sQuery(List.of("abc"), "account",
                    "INSERT INTO account (name, note) VALUES ('?', '?')", List.of("abc", "it's"), false);
            assertEquals(new Answer.Written<String>(1, 0), text, "a text key is no insert id");
            api.sTransaction(List.of("hello", "user_1001"), List.of("account", "account"), List.of(
                    "INSERT INTO account (name) VALUES ('hello')", "INSERT INTO account (name) VALUES ('user_1001')"));
            assertEquals(List.of(List.of("abc", "it's"), Arrays.asList("hello", null), Arrays.asList("user_1001", null)),
                    api.sQuery(List.of(), "SELECT name, note FROM account ORDER BY name").asRows().rows());
            assertTrue(api.query(7, "orders", "INSERT INTO orders (uid, item) VALUES (7, 'x')", null, false)
                    .asWritten().insertId() > 0, "an identity column's value is the insert id");
        }
    }
}
