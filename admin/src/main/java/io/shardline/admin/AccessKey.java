package io.shardline.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An access key of the HTTP API as the store keeps it, without its secret: which actions it may call
 * ({@code actions}, patterns such as {@code Describe*}; {@code *} all) and on which instances ({@code instances},
 * DRDS or RDS instance ids; empty means all), and whether it is {@code Active} or {@code Disabled}.
 */
public record AccessKey(String accessKeyId, List<String> actions, List<String> instances, String status,
                        String description, long createTime) {
    public AccessKey {
        actions = List.copyOf(actions);
        instances = List.copyOf(instances);
    }

    public boolean isActive() {
        return "Active".equals(status);
    }

    /** Whether one of the key's patterns matches the action ({@code *} any run of characters; case-sensitive). */
    public boolean allowsAction(String action) {
        for (String pattern : actions) {
            if (glob(pattern).matcher(action).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the key is limited to some instances. */
    public boolean limitedToInstances() {
        return !instances.isEmpty();
    }

    public boolean allowsInstance(String id) {
        return instances.isEmpty() || instances.contains(id);
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }

    @Override
    public String toString() {
        return accessKeyId + " (" + status.toLowerCase(Locale.ROOT) + ", actions " + String.join(",", actions)
                + (instances.isEmpty() ? "" : ", instances " + String.join(",", instances)) + ")";
    }
}
