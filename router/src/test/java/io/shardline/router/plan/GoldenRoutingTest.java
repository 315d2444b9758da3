package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.meta.TopologyAssembler;
import io.shardline.router.meta.YamlSplitConfig;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import io.shardline.router.sql.SqlCache;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden routing cases in {@code src/test/resources/routing/*.cases}: SQL, parameters and hints in, the
 * route's description (server, database, physical SQL) or an error code out. Add a case by adding a block.
 */
class GoldenRoutingTest {
    private static final String[] FILES = {"select.cases", "write.cases"};

    record Case(String file, int line, String sql, List<Object> params, Hint hint, String expect) {
    }

    static Topology topology() throws IOException {
        try (var in = GoldenRoutingTest.class.getResourceAsStream("/routing/topology.yaml")) {
            return TopologyAssembler.assemble(YamlSplitConfig.parse(new InputStreamReader(in, StandardCharsets.UTF_8), 1));
        } catch (ShardlineException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        Planner planner = new Planner(topology(), "", "shardline", new SqlCache(1000), 1000);
        List<Case> cases = new ArrayList<>();
        for (String f : FILES) {
            cases.addAll(read(f));
        }
        assertTrue(cases.size() > 90, "golden files lost cases: " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file + ":" + c.line + " " + c.sql.replace('\n', ' '),
                () -> run(planner, c)));
    }

    private static void run(Planner planner, Case c) {
        ParamSource params = new ParamSource() {
            @Override
            public boolean isBound(int index) {
                return index <= c.params.size();
            }

            @Override
            public Object value(int index) {
                return c.params.get(index - 1);
            }
        };
        if (c.expect.startsWith("error ")) {
            String[] parts = c.expect.split(" ", 3);
            ShardlineException e = assertThrows(ShardlineException.class,
                    () -> planner.bind(c.sql).route(params, c.hint), () -> "expected " + c.expect);
            assertEquals(Integer.parseInt(parts[1]), e.getErrorCode(), e.getMessage());
            if (parts.length > 2) {
                assertTrue(e.getMessage().contains(parts[2]), () -> "message '" + e.getMessage() + "' lacks '" + parts[2] + "'");
            }
        } else {
            try {
                assertEquals(c.expect, planner.bind(c.sql).route(params, c.hint).describe());
            } catch (ShardlineException e) {
                throw new AssertionError("expected " + c.expect + " but got " + e.getMessage(), e);
            }
        }
    }

    static List<Case> read(String file) throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = GoldenRoutingTest.class.getResourceAsStream("/routing/" + file);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Map<String, StringBuilder> block = new TreeMap<>();
            String key = null;
            int start = 0;
            int lineNo = 0;
            for (String line = r.readLine(); ; line = r.readLine()) {
                lineNo++;
                if (line == null || line.isBlank()) {
                    if (!block.isEmpty()) {
                        out.add(toCase(file, start, block));
                        block.clear();
                    }
                    if (line == null) {
                        return out;
                    }
                    key = null;
                    continue;
                }
                if (line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String maybeKey = colon > 0 ? line.substring(0, colon) : "";
                if (!line.startsWith(" ") && List.of("sql", "params", "hint", "expect").contains(maybeKey)) {
                    key = maybeKey;
                    if (block.isEmpty()) {
                        start = lineNo;
                    }
                    block.put(key, new StringBuilder(line.substring(colon + 1).stripLeading()));
                } else if (key != null) {
                    block.get(key).append('\n').append(line);
                } else {
                    throw new IOException(file + ":" + lineNo + ": expected sql:, params:, hint: or expect:");
                }
            }
        }
    }

    private static Case toCase(String file, int line, Map<String, StringBuilder> b) throws IOException {
        if (!b.containsKey("sql") || !b.containsKey("expect")) {
            throw new IOException(file + ":" + line + ": a case needs sql: and expect:");
        }
        List<Object> params = new ArrayList<>();
        if (b.containsKey("params")) {
            for (String p : b.get("params").toString().split(",")) {
                String t = p.trim();
                params.add(t.equals("null") ? null : t.startsWith("'") ? t.substring(1, t.length() - 1) : (Object) Long.parseLong(t));
            }
        }
        Hint hint = null;
        if (b.containsKey("hint")) {
            HintValue value = null;
            String table = null;
            boolean master = false;
            for (String w : b.get("hint").toString().trim().split("\\s+")) {
                if (w.equals("master")) {
                    master = true;
                } else if (w.startsWith("table=")) {
                    table = w.substring(6);
                } else if (w.startsWith("'")) {
                    value = new HintValue.Str(w.substring(1, w.length() - 1));
                } else {
                    value = new HintValue.Int(Long.parseLong(w));
                }
            }
            hint = new Hint(value, table, master);
        }
        return new Case(file, line, b.get("sql").toString(), params, hint, b.get("expect").toString());
    }
}
