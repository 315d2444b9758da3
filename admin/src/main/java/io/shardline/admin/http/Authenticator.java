package io.shardline.admin.http;

import io.shardline.admin.AccessKey;
import io.shardline.admin.AccessKeys;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request's common parameters and signature, in the order that tells a caller most without telling an
 * unauthenticated one anything: every common parameter present, their values valid, the Timestamp within the window,
 * the key known and active, the signature right, and only then the nonce unused (recorded only for signed requests, so
 * nobody can use up another's nonces), then the key's limits.
 */
final class Authenticator {
    static final String VERSION = "2015-04-13";
    /** RDS's API version, also accepted for the RDS actions (the copy, backup and move actions). */
    static final String RDS_VERSION = "2014-08-15";
    private static final List<String> REQUIRED = List.of("Action", "Version", "AccessKeyId", "SignatureMethod",
            "Timestamp", "SignatureVersion", "SignatureNonce", "Signature");
    private static final Set<String> DRDS_ACTIONS = Set.of("CreateDrdsInstance", "DescribeDrdsInstance",
            "DescribeDrdsInstances", "ModifyDrdsInstanceDescription", "RemoveDrdsInstance", "CreateDrdsDB",
            "DescribeDrdsDB", "DescribeDrdsDBs", "DeleteDrdsDB", "DeleteFailedDrdsDB", "ModifyDrdsDBPswd",
            "ModifyDrdsIpWhiteList", "DescribeDrdsDBIpWhiteList", "ModifyFullTableScan", "DescribeRdsList",
            "DescribeShardDBs", "ModifyRdsReadWeight", "CreateReadOnlyAccount", "DescribeReadOnlyAccount",
            "ModifyReadOnlyAccountPassword", "RemoveReadOnlyAccount");

    private final AccessKeys keys;
    private final Duration window;
    private final NonceCache nonces;

    Authenticator(AccessKeys keys, Duration window, int nonceCapacity) {
        this.keys = keys;
        this.window = window;
        this.nonces = new NonceCache(window, nonceCapacity);
    }

    static boolean isDrdsAction(String specName) {
        return DRDS_ACTIONS.contains(specName);
    }

    /** The key that signed the request; {@code specName} is the action's spec name (null for an unknown one). */
    AccessKey authenticate(String httpMethod, Map<String, String> params, String specName, long nowMillis)
            throws ApiError, SQLException {
        for (String name : REQUIRED) {
            String v = params.get(name);
            if (v == null || v.isEmpty()) {
                throw ApiError.missing(name);
            }
        }
        String version = params.get("Version");
        boolean rds = specName != null && !isDrdsAction(specName);
        if (!version.equals(VERSION) && !(rds && version.equals(RDS_VERSION))) {
            throw ApiError.invalid("The specified parameter \"Version\" is not valid: " + printable(version)
                    + " (this API is version " + VERSION + (rds ? ", or RDS's " + RDS_VERSION : "") + ")");
        }
        if (!params.get("SignatureMethod").equals("HMAC-SHA1")) {
            throw ApiError.invalid("The specified parameter \"SignatureMethod\" is not valid: only HMAC-SHA1");
        }
        if (!params.get("SignatureVersion").equals("1.0")) {
            throw ApiError.invalid("The specified parameter \"SignatureVersion\" is not valid: only 1.0");
        }
        String nonce = params.get("SignatureNonce");
        if (nonce.length() > 128) {
            throw ApiError.invalid("The specified parameter \"SignatureNonce\" is longer than 128 characters");
        }
        checkTimestamp(params.get("Timestamp"), nowMillis);
        String id = params.get("AccessKeyId");
        AccessKey key = id.length() > 32 ? null : keys.find(id);
        if (key == null) {
            throw new ApiError("InvalidAccessKeyId.NotFound", 404,
                    "The Access Key ID provided does not exist in our records.");
        }
        if (!key.isActive()) {
            throw new ApiError("InvalidAccessKeyId.Inactive", 400, "The Access Key ID provided is disabled.");
        }
        String secret = keys.secretOf(id);
        String toSign = Signer.stringToSign(httpMethod, params);
        String expected = Signer.sign(toSign, secret == null ? "" : secret);
        if (secret == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                params.get("Signature").getBytes(StandardCharsets.UTF_8))) {
            // the string to sign is not echoed: it holds the parameters, passwords among them
            throw new ApiError("SignatureDoesNotMatch", 400, "Specified signature is not matched with our"
                    + " calculation: sign " + httpMethod + "&%2F&percentEncode(the sorted, percent-encoded parameters)"
                    + " with HMAC-SHA1 keyed by the secret and '&'");
        }
        switch (nonces.record(id, nonce, nowMillis)) {
            case USED -> throw new ApiError("SignatureNonceUsed", 400,
                    "Specified signature nonce was used already.");
            case FULL -> throw new ApiError("Throttling", 400, "Request was denied due to request throttling: too"
                    + " many signed requests within " + window.toMinutes() + " minutes; try again later.");
            case NEW -> { }
        }
        return key;
    }

    private void checkTimestamp(String timestamp, long nowMillis) throws ApiError {
        Instant at;
        try {
            at = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new ApiError("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well"
                    + " formatted: use UTC as YYYY-MM-DDThh:mm:ssZ, e.g. 2013-08-15T12:00:00Z");
        }
        if (Math.abs(at.toEpochMilli() - nowMillis) > window.toMillis()) {
            throw new ApiError("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired: "
                    + printable(timestamp) + " is more than " + window.toMinutes() + " minutes from the server's "
                    + Instant.ofEpochSecond(nowMillis / 1000));
        }
    }

    /** Caller-given text for a message: bounded, without control characters. */
    static String printable(String text) {
        String t = text.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
