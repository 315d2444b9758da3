package io.shardline.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import org.junit.jupiter.api.Test;

class SecretsTest {
    /**
     * DBProxy's confused credentials are one AES-128-CFB128 stream over user, passwd, user, passwd... The expected hex
     * was made with OpenSSL over the concatenation:
     * {@code printf 'dbuser1secret-one-longer-than-16dbuser2p2' | openssl enc -aes-128-cfb -K <key> -iv <iv> -nopad},
     * key and iv the halves of sha256("cfguser" + "CfgPass1").
     */
    @Test
    void confuseMatchesOpensslCfb128OverTheRunningStream() throws ShardlineException {
        String expected = "25c110720cf08f4567213c76d4897d9fd8c69dca151ea0f34cb7e8ec51682fe3b2a3deee10884ed680";
        DbproxyConfuse enc = new DbproxyConfuse("cfguser", "CfgPass1");
        String joined = enc.encrypt("dbuser1") + enc.encrypt("secret-one-longer-than-16") + enc.encrypt("dbuser2")
                + enc.encrypt("p2");
        assertEquals(expected, joined);
        DbproxyConfuse dec = new DbproxyConfuse("cfguser", "CfgPass1");
        assertEquals("dbuser1", dec.decrypt(expected.substring(0, 14)));
        assertEquals("secret-one-longer-than-16", dec.decrypt(expected.substring(14, 64)));
        assertEquals("dbuser2", dec.decrypt(expected.substring(64, 78)));
        assertEquals("p2", dec.decrypt(expected.substring(78)));
        assertThrows(ShardlineException.class, () -> new DbproxyConfuse("a", "b").decrypt("not hex"));
    }

    @Test
    void sealedPasswordsRoundTripAndResistTampering() throws ShardlineException {
        SecretBox box = SecretBox.ofBase64(SecretBox.newKey());
        String sealed = box.seal("p@ss'word\\");
        assertTrue(sealed.startsWith("enc:v1:"));
        assertNotEquals(sealed, box.seal("p@ss'word\\"), "a fresh nonce every time");
        assertEquals("p@ss'word\\", box.open(sealed));
        String tampered = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("A==") ? "B==" : "A==");
        assertEquals(100503, assertThrows(ShardlineException.class, () -> box.open(tampered)).getErrorCode());
        assertEquals(100503, assertThrows(ShardlineException.class,
                () -> SecretBox.ofBase64(SecretBox.newKey()).open(sealed)).getErrorCode());
        assertEquals(100422, assertThrows(ShardlineException.class, () -> SecretBox.ofBase64("c2hvcnQ=")).getErrorCode());
    }
}
