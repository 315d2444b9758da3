package io.shardline.admin.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The DRDS OpenAPI's signature, as its "签名机制" section writes it: every parameter but {@code Signature}, sorted by
 * name, names and values percent-encoded (RFC 3986: unreserved characters kept, space {@code %20}, {@code *}
 * {@code %2A}, {@code ~} kept), joined with {@code =} and {@code &}; {@code StringToSign = HTTPMethod + "&" +
 * percentEncode("/") + "&" + percentEncode(canonicalized)}; HMAC-SHA1 keyed with {@code secret + "&"}, Base64.
 */
public final class Signer {
    private Signer() {
    }

    /** The spec's percentEncode: URLEncoder's form encoding with {@code +}, {@code *} and {@code %7E} fixed. */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** The canonicalized query string of {@code params} (their {@code Signature}, if any, left out). */
    public static String canonicalized(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        // sorted by the names' code points, as the spec's TreeMap example does
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(percentEncode(e.getKey())).append('=').append(percentEncode(e.getValue()));
        }
        return out.toString();
    }

    public static String stringToSign(String httpMethod, Map<String, String> params) {
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalized(params));
    }

    public static String sign(String stringToSign, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    /** A signed query string for {@code params} (which hold every common parameter but Signature). */
    public static String signedQuery(String httpMethod, Map<String, String> params, String secret) {
        return canonicalized(params) + "&Signature=" + percentEncode(sign(stringToSign(httpMethod, params), secret));
    }
}
