package io.shardline.admin;

import java.time.Duration;
import java.util.Map;

/**
 * A separate admin process for {@link CopyFailureTest}: starts a live copy of two databases and stops (forever) just
 * before the second, saying so on stdout, so the test can kill the whole JVM part-way.
 */
public final class CopyChild {
    private CopyChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String first = args[1];
        String second = args[2];
        ShardlineAdmin admin = ShardlineAdmin.open(url);
        admin.observeSteps(step -> {
            if (step.contains("copy database " + second + " ")) {
                System.out.println("PAUSED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        java.util.LinkedHashMap<String, String> names = new java.util.LinkedHashMap<>();
        names.put(first, first + "_c");
        names.put(second, second + "_c");
        CopyTask task = admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names));
        System.out.println("TASK " + task.requestId());
        System.out.flush();
        task.await(Duration.ofMinutes(5));
        System.out.println("DONE " + Map.of());
    }
}
