package io.shardline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The gathered shapes as one Markdown table: µs per statement on the plain database, Shardline and ShardingSphere
 * (federation on), the ratios, and each target's SQL round trips per statement on MariaDB. A target that refused a
 * shape or answered it wrongly shows FAILED and why. Only Shardline's or the plain database's failures make the run
 * incomplete: ShardingSphere's refusals and wrong answers are what the table is there to show.
 */
final class ShapesReport {
    private final Map<String, Result<?>> scores = new HashMap<>();
    private final List<String> engines;
    private final String[] targets;
    /** The shapes this run measured: those whose method matches {@code --only}. */
    private final java.util.regex.Pattern only;
    private boolean complete = true;

    ShapesReport(Collection<RunResult> results, List<String> engines, String[] targets, String only) {
        this.engines = engines;
        this.targets = targets;
        this.only = java.util.regex.Pattern.compile(only);
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            if (benchmark.contains(ShapesBench.class.getSimpleName())) {
                scores.put(key(benchmark.substring(benchmark.lastIndexOf('.') + 1), r.getParams().getParam("engine"),
                        r.getParams().getParam("target")), r.getPrimaryResult());
            }
        }
    }

    boolean complete() {
        return complete;
    }

    String markdown() {
        if (targets.length == 0) {
            return "";
        }
        StringBuilder t = new StringBuilder("\n| Gathered shape | Engine | plain µs/op | Shardline µs/op"
                + " | ShardingSphere (federation) µs/op | Shardline ÷ plain | ShardingSphere ÷ Shardline"
                + " | round trips: plain / Shardline / ShardingSphere |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder why = new StringBuilder();
        for (String engine : engines) {
            for (Shape shape : Shape.values()) {
                String m = shape.method;
                if (!only.matcher(m).matches()) {
                    continue;
                }
                Result<?> plain = scores.get(key(m, engine, "plain"));
                Result<?> sl = scores.get(key(m, engine, "shardline"));
                Result<?> ss = scores.get(key(m, engine, "shardingsphere"));
                complete &= (plain != null || !asked("plain")) && (sl != null || !asked("shardline"));
                t.append("| ").append(m).append(" | ").append(engine)
                        .append(" | ").append(cell(plain, engine, "plain", m, why))
                        .append(" | ").append(cell(sl, engine, "shardline", m, why))
                        .append(" | ").append(cell(ss, engine, "shardingsphere", m, why))
                        .append(" | ").append(ratio(sl, plain)).append(" | ").append(ratio(ss, sl))
                        .append(" | ").append(roundTrips(plain, engine, "plain", m)).append(" / ")
                        .append(roundTrips(sl, engine, "shardline", m)).append(" / ")
                        .append(roundTrips(ss, engine, "shardingsphere", m)).append(" |\n");
            }
        }
        return t.append(why).toString();
    }

    private boolean asked(String target) {
        return List.of(targets).contains(target);
    }

    /** The time, "–" when not asked for, or FAILED with the fork's note (refused / wrong answer) listed below. */
    private String cell(Result<?> r, String engine, String target, String method, StringBuilder why) {
        if (r != null) {
            return Report.score(r);
        }
        if (!asked(target)) {
            return "–";
        }
        String note = read(ShapesBench.note(engine, target, method));
        if (note == null || note.startsWith("round trips")) {
            return "FAILED (error, see the JMH output)";
        }
        why.append("\n- ").append(target).append(", ").append(method).append(" on ").append(engine).append(": ")
                .append(note.length() > 600 ? note.substring(0, 600) + " …" : note);
        return note.startsWith("refused") ? "FAILED: refused" : "FAILED: wrong answer";
    }

    /** The count this run's fork left; none for a target that was not timed (a note may be a run's before). */
    private static String roundTrips(Result<?> timed, String engine, String target, String method) {
        String note = timed == null ? null : read(ShapesBench.note(engine, target, method));
        return note != null && note.startsWith("round trips: ") ? note.substring("round trips: ".length()) : "–";
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String ratio(Result<?> a, Result<?> b) {
        return a != null && b != null ? String.format(Locale.ROOT, "%.2f", a.getScore() / b.getScore()) : "–";
    }

    private static String key(String method, String engine, String target) {
        return method + "/" + engine + "/" + target;
    }
}
