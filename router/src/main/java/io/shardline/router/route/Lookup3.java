package io.shardline.router.route;

import java.nio.charset.StandardCharsets;

/**
 * Bob Jenkins' lookup3 {@code hashlittle}, the hash DBProxy applies to string hints (UTF-8 bytes, initval 0).
 * Written from the public-domain algorithm description; bit-exact with the C code on little-endian machines.
 */
public final class Lookup3 {
    private Lookup3() {
    }

    /** The unsigned 32-bit hash of the string's UTF-8 bytes, as DBProxy computes it for {@code sQuery}. */
    public static long hashString(String s) {
        return Integer.toUnsignedLong(hashLittle(s.getBytes(StandardCharsets.UTF_8), 0));
    }

    public static int hashLittle(byte[] k, int initval) {
        int length = k.length;
        int a = 0xdeadbeef + length + initval;
        int b = a;
        int c = a;
        int o = 0;
        while (length > 12) {
            a += word(k, o);
            b += word(k, o + 4);
            c += word(k, o + 8);
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            length -= 12;
            o += 12;
        }
        switch (length) {
            case 12: c += (k[o + 11] & 0xff) << 24; // fall through
            case 11: c += (k[o + 10] & 0xff) << 16; // fall through
            case 10: c += (k[o + 9] & 0xff) << 8; // fall through
            case 9: c += k[o + 8] & 0xff; // fall through
            case 8: b += (k[o + 7] & 0xff) << 24; // fall through
            case 7: b += (k[o + 6] & 0xff) << 16; // fall through
            case 6: b += (k[o + 5] & 0xff) << 8; // fall through
            case 5: b += k[o + 4] & 0xff; // fall through
            case 4: a += (k[o + 3] & 0xff) << 24; // fall through
            case 3: a += (k[o + 2] & 0xff) << 16; // fall through
            case 2: a += (k[o + 1] & 0xff) << 8; // fall through
            case 1: a += k[o] & 0xff;
                break;
            default:
                return c; // zero-length tail: no final mix
        }
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int word(byte[] k, int o) {
        return (k[o] & 0xff) | (k[o + 1] & 0xff) << 8 | (k[o + 2] & 0xff) << 16 | (k[o + 3] & 0xff) << 24;
    }
}
