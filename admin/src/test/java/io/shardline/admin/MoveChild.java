package io.shardline.admin;

import java.time.Duration;

/**
 * A separate admin process for {@link MoveShardDbTest}: starts a move and stops (forever) at the step named on the
 * command line, saying so on stdout, so the test can kill the whole JVM there.
 */
public final class MoveChild {
    private MoveChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String db = args[1];
        String step = args[2];
        ShardlineAdmin admin = ShardlineAdmin.open(url);
        admin.observeSteps(s -> {
            if (s.contains(step)) {
                System.out.println("PAUSED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        MoveTask task = admin.moveShardDb("src", db, "dst");
        System.out.println("TASK " + task.requestId());
        System.out.flush();
        task.await(Duration.ofMinutes(5));
        System.out.println("DONE");
    }
}
