package io.shardline.driver.store;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-protected form of passwords in metadata: {@code enc:v1:<base64(12-byte nonce | AES-GCM ciphertext+tag)>}.
 * The key (16, 24 or 32 bytes, base64) comes from, in order: the {@code secretKey} URL parameter, the
 * {@code SHARDLINE_SECRET_KEY} environment variable, the {@code shardline.secretKey} system property, the file named
 * by {@code secretKeyFile}, or {@code ~/.shardline/secret.key}. Thread-safe.
 */
public final class SecretBox {
    public static final String PREFIX = "enc:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    public static SecretBox ofBase64(String base64) throws ShardlineException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw ShardlineException.invalid("the Shardline secret key is not valid base64");
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw ShardlineException.invalid("the Shardline secret key must be 16, 24 or 32 bytes, is " + raw.length);
        }
        return new SecretBox(raw);
    }

    /** A fresh random 256-bit key, base64: for {@code ShardlineSecrets keygen} and admin bootstrap. */
    public static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    public static Path defaultKeyFile() {
        return Path.of(System.getProperty("user.home"), ".shardline", "secret.key");
    }

    /** The configured key, or null when none is configured anywhere. */
    public static SecretBox resolve(String urlKey, String keyFile) throws ShardlineException {
        String k = urlKey;
        if (k == null || k.isBlank()) {
            k = System.getenv("SHARDLINE_SECRET_KEY");
        }
        if (k == null || k.isBlank()) {
            k = System.getProperty("shardline.secretKey");
        }
        if (k == null || k.isBlank()) {
            Path file = keyFile != null && !keyFile.isBlank() ? Path.of(keyFile) : defaultKeyFile();
            if (Files.isReadable(file)) {
                try {
                    k = Files.readString(file, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot read the secret key file " + file, e);
                }
            } else if (keyFile != null && !keyFile.isBlank()) {
                throw ShardlineException.invalid("the secret key file " + file + " is not readable");
            }
        }
        return k == null || k.isBlank() ? null : ofBase64(k);
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] body = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + body.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(body, 0, out, nonce.length, body.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    public String open(String sealed) throws ShardlineException {
        try {
            byte[] raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (raw.length < 12 + 16) {
                throw new GeneralSecurityException("too short");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
            return new String(c.doFinal(raw, 12, raw.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED,
                    "a stored password does not decrypt with the configured Shardline secret key (wrong key?)");
        }
    }
}
