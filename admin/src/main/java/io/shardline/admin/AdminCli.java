package io.shardline.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin on the command line: {@code AdminCli <store url> <Action> Name=Value ...} runs one action through
 * {@link ShardlineAdmin#call} and prints its answer as JSON. For CopyDatabaseBetweenInstances and MoveShardDb it then
 * follows the task, redrawing one progress line ({@code \r}) on stderr until it ends, and exits 1 if it failed. Errors print the spec's
 * error answer and exit 1 (2 for a wrong command line).
 */
public final class AdminCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("metadata")) {
            return MetadataCli.run(args, out, err);
        }
        if (args.length < 2) {
            err.println("usage: AdminCli <jdbc:shardline:... store url> <Action> [Name=Value ...]");
            err.println("  e.g. AdminCli 'jdbc:shardline:mysql://cfg:3306/shardline_config?user=admin&password=..'"
                    + " CopyDatabaseBetweenInstances DBInstanceId=rds1 TargetDBInstanceId=rds2"
                    + " 'DbNames={\"shop\":\"shop_copy\"}'");
            return 2;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                err.println("parameters are Name=Value, not '" + args[i] + "'");
                return 2;
            }
            params.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ShardlineAdmin admin = ShardlineAdmin.open(args[0]);
        try {
            Map<String, Object> answer = admin.call(args[1], params);
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            if (args[1].equals(Moves.ACTION)) {
                return followMove(admin, (String) answer.get("RequestId"), out, err);
            }
            if (!args[1].equals(Copies.ACTION)) {
                return 0;
            }
            return follow(admin, (String) answer.get("RequestId"), out, err);
        } catch (DrdsException e) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(e.fields(admin.hostId())));
            return 1;
        }
    }

    /** Redraws the task's progress line every half second until it ends; prints its final state as JSON. */
    private static int follow(ShardlineAdmin admin, String id, PrintStream out, PrintStream err) throws Exception {
        CopyProgress p = admin.describeCopyDatabaseTask(id);
        int width = 0;
        while (!p.state().isDone()) {
            width = draw(err, p.line(), width);
            Thread.sleep(Duration.ofMillis(500).toMillis());
            p = admin.describeCopyDatabaseTask(id);
        }
        draw(err, p.line(), width);
        err.println();
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p.fields()));
        return p.state() == TaskState.SUCCESS ? 0 : 1;
    }

    /** As {@link #follow}, for a shard move: its line carries the copy rate, the catch-up and the write pause. */
    private static int followMove(ShardlineAdmin admin, String id, PrintStream out, PrintStream err) throws Exception {
        ShardMove m = admin.describeMoveShardDbTask(id);
        int width = 0;
        while (!m.state().isDone()) {
            width = draw(err, m.line(), width);
            Thread.sleep(Duration.ofMillis(500).toMillis());
            m = admin.describeMoveShardDbTask(id);
        }
        draw(err, m.line(), width);
        err.println();
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m.fields()));
        return m.state() == TaskState.SUCCESS ? 0 : 1;
    }

    private static int draw(PrintStream err, String line, int width) {
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        return line.length();
    }
}
