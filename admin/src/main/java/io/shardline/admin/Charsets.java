package io.shardline.admin;

import java.util.List;

/** CreateDrdsDB's Encode values: the character sets a DRDS database may have. */
final class Charsets {
    static final List<String> ALLOWED = List.of("utf8", "gbk", "latin1", "utf8mb4");

    private Charsets() {
    }

    static String encode(String encode) throws DrdsException {
        if (encode == null || !ALLOWED.contains(encode)) {
            throw DrdsError.INVALID_ENCODE.with("Encode '" + encode + "' is not supported; use one of " + ALLOWED);
        }
        return encode;
    }

    /** For DDL: the value must be one of the allowed names (checked before anything runs). */
    static String require(String charset) {
        if (!ALLOWED.contains(charset)) {
            throw new IllegalArgumentException("not an allowed character set: " + charset);
        }
        return charset;
    }
}
