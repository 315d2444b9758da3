package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The failure of an admin action: the DRDS error code string of the spec ({@code InvalidDRDSInstanceId.NotFound},
 * {@code RemoveDrdsDBFirst}, ...), its HTTP-like status (4xx the caller's fault, 5xx a server's) and the
 * {@code RequestId} of the call. Messages name the offending value and never contain a password.
 */
public final class DrdsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;
    private final String detail;
    private String requestId;

    DrdsException(String code, int httpStatus, String detail, Throwable cause) {
        super(code + ": " + io.shardline.router.Secrets.mask(detail), cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.detail = io.shardline.router.Secrets.mask(detail);
    }

    /** The spec's error code string, e.g. {@code InvalidDbName.NotFound}. */
    public String code() {
        return code;
    }

    /** The spec's HTTP status for this code: 400, 403, 404, 500 or 503. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The RequestId of the call that failed. */
    public String requestId() {
        return requestId;
    }

    /** What went wrong, naming the offending value. */
    public String detail() {
        return detail;
    }

    /** The spec's error answer: {@code RequestId}, {@code HostId}, {@code Code}, {@code Message}. */
    public Map<String, Object> fields(String hostId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        out.put("HostId", hostId);
        out.put("Code", code);
        out.put("Message", detail);
        return out;
    }

    /** Set once, by the action that ran, so every exception of a call carries its id. */
    DrdsException withRequestId(String id) {
        if (requestId == null) {
            requestId = id;
        }
        return this;
    }
}
