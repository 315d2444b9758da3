package io.shardline.router.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential held in memory in its usable form. It never prints itself, so a record holding it
 * can be logged or thrown without leaking the password.
 */
public final class Secret {
    public static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The plain value, for handing to a JDBC driver. Never log it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.length();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "******";
    }
}
