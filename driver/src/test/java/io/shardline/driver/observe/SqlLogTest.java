package io.shardline.driver.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SQL log as an operator turns it on: logger levels on the command line, options in the URL. */
class SqlLogTest {

    private static String run(String level, String slowLevel, String urlParams) throws Exception {
        return run(level, slowLevel, urlParams, System.getProperty("java.class.path"));
    }

    private static String run(String level, String slowLevel, String urlParams, String classPath) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
                + File.separator + "java", "-cp", classPath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.shardline.sql=" + level,
                "-Dorg.slf4j.simpleLogger.log.io.shardline.sql.slow=" + slowLevel,
                "-Dorg.slf4j.simpleLogger.logFile=System.out", SqlLogChild.class.getName(), urlParams));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void atDebugEveryStatementShowsItsRoutesWithParametersMasked() throws Exception {
        String out = run("debug", "warn", "");
        assertTrue(out.contains("[insert single] 1 rows"), out);
        assertTrue(out.contains("INSERT INTO user (uid, name, balance) VALUES (?, ?, ?) | params [?, ?, ?]"), out);
        assertTrue(out.contains("-> server 2, database u_1, 1 rows"), "the route, its rows and µs: " + out);
        assertTrue(out.contains("user_7"), "the physical SQL names the physical table: " + out);
        assertTrue(out.contains("[insert multi] 2 rows"), out);
        assertTrue(out.contains("-> server 1, database u_0, 1 rows") && out.contains("user_1"), out);
        assertTrue(out.contains("[select single] result set"), out);
        assertTrue(out.contains("[select") && out.contains("failed") && out.contains("100403"), out);
        assertFalse(out.contains("Secret-Name-7"), "parameters are masked unless asked: " + out);
    }

    @Test
    void parametersShowWhenTheUrlAsksAndSlowStatementsLogAtWarn() throws Exception {
        String out = run("info", "warn", "&logParameters=true&slowStatementMillis=1");
        assertFalse(out.contains("DEBUG io.shardline.sql "), "no per-statement line below DEBUG: " + out);
        // every statement here takes over 1 ms on a cold JVM: the slow log shows it, with the values asked for
        assertTrue(out.contains("slow statement: [insert single]"), out);
        assertTrue(out.contains("params [7, Secret-Name-7, 1.50]"), out);
    }

    @Test
    void offItWritesNothingAndNeedsNoMicrometer() throws Exception {
        String withoutMicrometer = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("micrometer")).collect(java.util.stream.Collectors.joining(File.pathSeparator));
        String out = run("info", "warn", "", withoutMicrometer);
        assertFalse(out.contains("io.shardline.sql"), out);
        assertTrue(out.contains("refused 100403"), out);
    }
}
