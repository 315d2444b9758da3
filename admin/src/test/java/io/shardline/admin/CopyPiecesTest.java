package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of copying: renaming inside SQL text, grant rewriting, versions, parameters, the progress line. */
class CopyPiecesTest {
    @Test
    void renamesOnlyDatabaseQualifiers() {
        Map<String, String> r = Map.of("shop", "shop_copy", "ref", "ref2");
        assertEquals("select `shop_copy`.`t`.`a` AS `a` from (`shop_copy`.`t` join `ref2`.`c` `shop`)",
                SqlText.renameQualifiers("select `shop`.`t`.`a` AS `a` from (`shop`.`t` join `ref`.`c` `shop`)", r));
        assertEquals("SELECT 'shop.t', shop_copy.t.shop FROM shop_copy.shop -- shop.t\n/* shop.x */",
                SqlText.renameQualifiers("SELECT 'shop.t', shop.t.shop FROM shop.shop -- shop.t\n/* shop.x */", r));
        assertEquals("x.shop.y", SqlText.renameQualifiers("x.shop.y", r), "a name after a dot is not a database");
        assertEquals("`a``b`.t", SqlText.renameQualifiers("`a``b`.t", Map.of()));
        assertEquals("shop2.t", SqlText.renameQualifiers("shop.t", Map.of("shop", "shop2")), "bare stays bare");
        assertEquals("`new-name`.t", SqlText.renameQualifiers("shop.t", Map.of("shop", "new-name")));
        assertEquals("'it''s \\'shop\\'.t'", SqlText.renameQualifiers("'it''s \\'shop\\'.t'", r));
        assertEquals("'a\\'b\\\\c\\nd'", SqlText.literal("a'b\\c\nd"));
        assertEquals("shop", SqlText.mentionedDatabase("ALTER TABLE `shop`.t ADD x INT", java.util.List.of("shop")));
        assertNull(SqlText.mentionedDatabase("INSERT INTO t VALUES ('shop')", java.util.List.of("shop")));
    }

    @Test
    void rewritesGrantLinesForTheNewName() {
        assertArrayEquals(new String[] {"GRANT SELECT, INSERT ON `shop\\_copy`.* TO `u`@`%`",
                        "REVOKE SELECT, INSERT ON `shop\\_copy`.* FROM `u`@`%`"},
                Privileges.rewrite("GRANT SELECT, INSERT ON `shop`.* TO `u`@`%`", "shop", "shop_copy"));
        assertArrayEquals(new String[] {"GRANT SELECT (`id`, `on`), UPDATE (`v`) ON `x2`.`t` TO `k`@`10.0.0.%` WITH GRANT OPTION",
                        "REVOKE SELECT (`id`, `on`), UPDATE (`v`), GRANT OPTION ON `x2`.`t` FROM `k`@`10.0.0.%`"},
                Privileges.rewrite("GRANT SELECT (`id`, `on`), UPDATE (`v`) ON `x`.`t` TO `k`@`10.0.0.%` WITH GRANT OPTION",
                        "x", "x2"));
        assertArrayEquals(new String[] {"GRANT EXECUTE ON PROCEDURE `x2`.`p` TO `k`@`%`",
                        "REVOKE EXECUTE ON PROCEDURE `x2`.`p` FROM `k`@`%`"},
                Privileges.rewrite("GRANT EXECUTE ON PROCEDURE `x`.`p` TO `k`@`%`", "x", "x2"));
        assertArrayEquals(new String[] {"GRANT ALL PRIVILEGES ON `x2`.* TO `r`", "REVOKE ALL PRIVILEGES ON `x2`.* FROM `r`"},
                Privileges.rewrite("GRANT ALL PRIVILEGES ON `sh\\_%`.* TO `r`", "sh_x", "x2"), "a pattern grant that matches");
        assertNull(Privileges.rewrite("GRANT ALL PRIVILEGES ON `sh\\_%`.* TO `r`", "shop", "x2"), "\\_ is a literal _");
        assertNull(Privileges.rewrite("GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*ABC'", "x", "y"));
        assertNull(Privileges.rewrite("GRANT `role1` TO `u`@`%`", "x", "y"));
        assertNull(Privileges.rewrite("GRANT SELECT ON `other`.`t` TO `u`@`%`", "x", "y"));
        assertTrue(Privileges.likeMatches("s_op%", "shop_2"));
        assertFalse(Privileges.likeMatches("s\\_op", "shop"));
    }

    @Test
    void versionsCompareNumerically() {
        assertArrayEquals(new int[] {10, 11, 19}, ServerFacts.parse("10.11.19-MariaDB-0+deb12u1-log"));
        ServerFacts a = new ServerFacts("10.11.9-MariaDB", true, ServerFacts.parse("10.11.9"), false, true, "ROW", 1 << 24);
        ServerFacts b = new ServerFacts("10.11.19-MariaDB", true, ServerFacts.parse("10.11.19"), false, true, "ROW", 1 << 24);
        assertTrue(b.compareVersion(a) > 0, "10.11.19 is newer than 10.11.9: a copy from b to a is InvalidInstanceVersion");
        assertTrue(a.compareVersion(b) < 0);
        assertEquals(0, a.compareVersion(a));
    }

    @Test
    void parsesTheSpecsParameters() throws Exception {
        assertEquals(Map.of("test1", "newtest1", "test2", "newtest2"),
                Copies.parseDbNames("{\"test1\":\"newtest1\",\"test2\":\"newtest2\"}"));
        assertEquals("InvalidRecoveryDBNames.Format", assertThrows(DrdsException.class,
                () -> Copies.parseDbNames("{\"a\": 1}")).code());
        assertEquals("InvalidRecoveryDBNames.Format", assertThrows(DrdsException.class,
                () -> Copies.parseDbNames("{}")).code());
        assertEquals(1307808000L, Copies.parseRestoreTime("2011-06-11T16:00:00Z").getEpochSecond());
        assertEquals("InvalidBackupIdOrRestoreTime.NotFound", assertThrows(DrdsException.class,
                () -> Copies.parseRestoreTime("2011-06-11 16:00:00")).code());
        assertTrue(Copies.parseSync("YES"));
        assertFalse(Copies.parseSync(null));
        assertEquals("InvalidDBName.Format", assertThrows(DrdsException.class,
                () -> Copies.names(Map.of("a", "ends_"))).code());
        assertEquals("InvalidDBName.Format", assertThrows(DrdsException.class,
                () -> Copies.names(Map.of("a", "x".repeat(65)))).code());
    }

    @Test
    void drawsAProgressLine() throws Exception {
        CopyProgress p = new CopyProgress("ID", TaskState.RUNNING, "copying data", 3, 5, 120_000, 200_000, 12_900_000,
                21_500_000, "shop_copy.orders", Duration.ofSeconds(12), Duration.ofSeconds(8), null, null);
        assertEquals("Running copying data  3/5 tables  120000/200000 rows (60%)  12.3/20.5 MB  shop_copy.orders"
                + "  elapsed 0:12  left ~0:08", p.line());
        assertEquals(60, p.fields().get("Progress"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, AdminCli.run(new String[0], new PrintStream(out), new PrintStream(out)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage"));
    }
}
