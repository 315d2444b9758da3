package io.shardline.driver.exec;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The id of one XA branch of a Shardline transaction: the global transaction id ({@code gtrid}) shared by its branches,
 * the id of the branch's server as the branch qualifier, and Shardline's own format id, by which recovery tells its
 * branches from other applications' (it never touches those). Ids are plain ASCII, so they are written as SQL string
 * literals as they are.
 */
public record Xid(String gtrid, int serverId) {
    /** "SHL": the formatID of every branch Shardline starts. */
    public static final int FORMAT = 0x53484C;

    private static final String PROCESS = HexFormat.of().formatHex(randomBytes(8));
    private static final AtomicLong NEXT = new AtomicLong();

    /**
     * A global transaction id unique over every process: {@code sl-<log id>-<random process id>-<counter>} (at most 45
     * bytes). The decision log's id tells recovery which branches are its own.
     */
    public static String newGtrid(String logId) {
        return prefix(logId) + PROCESS + "-" + Long.toHexString(NEXT.incrementAndGet());
    }

    /** How the global transaction ids of decision log {@code logId} start. */
    public static String prefix(String logId) {
        return "sl-" + logId + "-";
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** The xid as MySQL's XA statements take it: {@code 'gtrid','bqual',formatID}. */
    public String sql() {
        return "'" + gtrid + "','" + serverId + "'," + FORMAT;
    }

    /**
     * A row of {@code XA RECOVER} (formatID, gtrid_length, bqual_length, data) as a Shardline xid, or null when the
     * branch is not Shardline's.
     */
    static Xid parse(int format, int gtridLength, int bqualLength, String data) {
        if (format != FORMAT || data == null || data.length() != gtridLength + bqualLength) {
            return null;
        }
        String gtrid = data.substring(0, gtridLength);
        if (!gtrid.startsWith("sl-")) {
            return null;
        }
        try {
            return new Xid(gtrid, Integer.parseInt(data.substring(gtridLength)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
