package io.shardline.admin.http;

/**
 * A refusal of the HTTP layer, before any action runs: the spec's (or Aliyun's common) code, its HTTP status and a
 * message that names what was wrong and never a secret.
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    ApiError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    static ApiError missing(String parameter) {
        return new ApiError("MissingParameter", 400, "The parameter \"" + parameter + "\" is needed but not provided.");
    }

    static ApiError invalid(String message) {
        return new ApiError("InvalidParameter", 400, message);
    }
}
