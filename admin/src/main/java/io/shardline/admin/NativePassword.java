package io.shardline.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The mysql_native_password hash of a password, as {@code PASSWORD('..')} computes it: {@code *} and the upper-case hex
 * of SHA1(SHA1(password)). Computed here so the password's text never travels to a server that logs statements.
 */
final class NativePassword {
    private NativePassword() {
    }

    static String hash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
