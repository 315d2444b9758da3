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
 * Runs the golden cases in {@code src/test/resources/routing/*.cases} (single-shard routes) and
 * {@code src/test/resources/plans/*.cases} (multi-shard plans): SQL, parameters and hints in, the plan's description
 * (the text of EXPLAIN SHARDLINE: servers, databases, physical SQL, merge operators) or an error code out. Add a
 * case by adding a block.
 */
class GoldenRoutingTest {
    private static final String[] FILES = {"routing/select.cases", "routing/write.cases", "plans/select.cases",
            "plans/aggregate.cases", "plans/write.cases", "plans/tables.cases", "plans/ddl.cases", "routing/lexical.cases", "routing/statements.cases"};

    record Case(String file, int line, String sql, List<Object> params, Hint hint, String expect) {
    }

    /** Plans see a global sequence on {@code orders.id} handing out 1001, 1002, ... (a fresh one per plan). */
    private static final PlanContext CONTEXT = new PlanContext() {
        @Override
        public String sequenceColumn(io.shardline.router.meta.LogicalTable table) {
            return table.name().equals("orders") || table.name().equals("region") ? "id" : null;
        }

        @Override
        public long[] nextIds(io.shardline.router.meta.LogicalTable table, int count) {
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                ids[i] = 1001 + i;
            }
            return ids;
        }
    };

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
        assertTrue(cases.size() > 180, "golden files lost cases: " + cases.size());
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
                    () -> planner.bind(c.sql).plan(params, c.hint, CONTEXT), () -> "expected " + c.expect);
            assertEquals(Integer.parseInt(parts[1]), e.getErrorCode(), e.getMessage());
            if (parts.length > 2) {
                assertTrue(e.getMessage().contains(parts[2]), () -> "message '" + e.getMessage() + "' lacks '" + parts[2] + "'");
            }
        } else {
            try {
                assertEquals(c.expect, planner.bind(c.sql).plan(params, c.hint, CONTEXT).describe());
            } catch (ShardlineException e) {
                throw new AssertionError("expected " + c.expect + " but got " + e.getMessage(), e);
            }
        }
    }

    static List<Case> read(String file) throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = GoldenRoutingTest.class.getResourceAsStream("/" + file);
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
                } else if (w.equals("*")) {
                    value = new HintValue.Every();
                } else if (w.contains(",")) {
                    List<HintValue> several = new ArrayList<>();
                    for (String one : w.split(",")) {
                        several.add(one.startsWith("'") ? new HintValue.Str(one.substring(1, one.length() - 1))
                                : new HintValue.Int(Long.parseLong(one)));
                    }
                    value = new HintValue.Several(several);
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
