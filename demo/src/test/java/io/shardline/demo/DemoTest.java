package io.shardline.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first command: the demo runs on H2 alone and shows where statements went. */
class DemoTest {
    @Test
    void demoRoutesAndReportsEveryStatement() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(Path.of("target", "demo-test").toAbsolutePath());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Loaded 2000 users and 3000 messages"), out);
        assertTrue(out.contains("-> server 1, database ud_0 (read): SELECT * FROM `ud_0`.`msg2` WHERE id = 123519"), out);
        assertTrue(out.contains("-> server 1, database ud_1_odd (read): SELECT id, body FROM `ud_1_odd`.`msg0` WHERE id = ?"), out);
        assertTrue(out.contains("<- 1 row(s): id=590803 body=message 2999"), out);
        assertTrue(out.contains("<- 1 row(s): id=250190 body=message 1270 name=user1271"), "the join finds its row: " + out);
        assertTrue(out.contains("!! code 100404: hintId 600000 is beyond the last slot"), out);
        assertTrue(out.contains("u_1.user_7=250"), "hash spreads 2000 users evenly over 8 tables: " + out);
    }
}
