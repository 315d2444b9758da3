package io.shardline.admin.http;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP call on the logger {@code io.shardline.admin.audit}: who (access key id, remote address), what
 * (action and its own parameters, any whose name says password shown as {@code ******}), the outcome ({@code OK} or
 * the error code, the HTTP status), how long, and the RequestId. The signature and secrets never appear.
 */
final class Audit {
    private static final Logger LOG = LoggerFactory.getLogger("io.shardline.admin.audit");

    private Audit() {
    }

    static void record(String accessKeyId, String remote, String action, Map<String, String> actionParams,
                       String outcome, int status, long millis, String requestId) {
        LOG.info("key={} remote={} action={} params={} outcome={} status={} ms={} requestId={}",
                accessKeyId == null ? "-" : Authenticator.printable(accessKeyId), remote,
                action == null ? "-" : Authenticator.printable(action), masked(actionParams), outcome, status, millis,
                requestId);
    }

    static String masked(Map<String, String> params) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        params.forEach((name, value) -> out.add(Authenticator.printable(name) + "="
                + (isSecret(name) ? "******" : Authenticator.printable(value))));
        return out.toString();
    }

    /** Password, Passwd, NewPasswd, OriginPassword, password, ... */
    static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("pass") || n.contains("pswd") || n.contains("secret");
    }
}
