package io.shardline.driver.store;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * DBProxy's "confused" server_info credentials ({@code DBProxy.ConfigureDB.enableConfuse}): hex of AES-128-CFB128,
 * key and IV from SHA-256 of the config account's user followed by its password (IV the first 16 bytes, key the
 * last 16). The key stream runs on across every user and password in server_id order, exactly as DBProxy's
 * DBConfigConfuser writes them, so one instance must see the rows in that order. Not thread-safe.
 */
public final class DbproxyConfuse {
    private final Cipher block;
    private final byte[] register = new byte[16];
    private final byte[] stream = new byte[16];
    private int pos;

    public DbproxyConfuse(String configUser, String configPassword) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((configUser + configPassword).getBytes(StandardCharsets.UTF_8));
            System.arraycopy(digest, 0, register, 0, 16);
            block = Cipher.getInstance("AES/ECB/NoPadding");
            block.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(digest, 16, 16, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is unavailable in this JVM", e);
        }
    }

    public String decrypt(String hex) throws ShardlineException {
        byte[] in;
        try {
            in = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED,
                    "enableConfuse is on but a server_info credential is not hex; was it confused by DBConfigConfuser?");
        }
        return new String(run(in, false), StandardCharsets.UTF_8);
    }

    public String encrypt(String plain) {
        return HexFormat.of().formatHex(run(plain.getBytes(StandardCharsets.UTF_8), true));
    }

    private byte[] run(byte[] in, boolean encrypt) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            if (pos == 0) {
                try {
                    block.doFinal(register, 0, 16, stream, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            out[i] = (byte) (in[i] ^ stream[pos]);
            register[pos] = encrypt ? out[i] : in[i];
            pos = (pos + 1) & 15;
        }
        return out;
    }
}
