package io.shardline.admin.http;

import io.shardline.admin.AccessKey;
import io.shardline.admin.DrdsException;
import io.shardline.admin.ShardlineAdmin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API call: the parameters from the query string and a form-encoded body (read without holding a thread, so a
 * slow client holds none), the signature and the key's limits checked, the action run through
 * {@link ShardlineAdmin#call} on a bounded worker pool, the answer or the spec's error body written. Nothing a
 * caller sends produces a stack trace in an answer: an unexpected failure is an {@code InternalServerError} body,
 * its trace in the server's log only.
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Set<String> SIGNING = Set.of("Action", "Format", "Version", "AccessKeyId", "SignatureMethod",
            "Timestamp", "SignatureVersion", "SignatureNonce", "Signature");
    /** Parameters naming an instance, checked against a key limited to some instances. */
    private static final List<String> INSTANCE_PARAMS = List.of("DrdsInstanceId", "DBInstanceId", "TargetDBInstanceId");

    /** A refused body is read on up to this many times the largest form, so the client gets the refusal. */
    private static final int DRAIN_FACTOR = 16;

    private final ShardlineAdmin admin;
    private final Authenticator auth;
    private final ExecutorService workers;
    private final int maxFormBytes;

    ApiHandler(ShardlineAdmin admin, Authenticator auth, ExecutorService workers, int maxFormBytes) {
        this.admin = admin;
        this.auth = auth;
        this.workers = workers;
        this.maxFormBytes = maxFormBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            answerError(request, response, callback, new ApiError("UnsupportedHTTPMethod", 403,
                    "This http method not supported: use GET or POST."), Render.Format.JSON, null, null, Map.of(),
                    started);
            return true;
        }
        Fields query;
        try {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException malformed) {
            answerError(request, response, callback, ApiError.invalid("The query string is not percent-encoded"
                    + " UTF-8 name=value pairs."), Render.Format.JSON, null, null, Map.of(), started);
            return true;
        }
        // the form is read as it arrives, without a thread waiting on a slow client; only handing over is done here
        FormFields.onFields(request, StandardCharsets.UTF_8, 256, maxFormBytes,
                Promise.Invocable.from(Invocable.InvocationType.NON_BLOCKING, (Fields form, Throwable failure) -> {
                    Runnable dispatch = () -> dispatch(request, response, callback, query, form, failure, started);
                    if (failure == null) {
                        dispatch.run();
                    } else {
                        BodyDrain.thenAnswer(request, DRAIN_FACTOR * (long) maxFormBytes, dispatch);
                    }
                }));
        return true;
    }

    private void dispatch(Request request, Response response, Callback callback, Fields query, Fields form,
                          Throwable formFailure, long started) {
        try {
            workers.execute(() -> serve(request, response, callback, query, form, formFailure, started));
        } catch (RejectedExecutionException busy) {
            answerError(request, response, callback, new ApiError("ServiceUnavailable", 503, "The request has failed"
                    + " due to a temporary failure of the server: too many calls at once."), Render.Format.JSON, null,
                    null, Map.of(), started);
        }
    }

    private void serve(Request request, Response response, Callback callback, Fields query, Fields form,
                       Throwable formFailure, long started) {
        Map<String, String> params = new LinkedHashMap<>();
        Render.Format format = Render.Format.JSON;
        String keyId = null;
        String action = null;
        Map<String, String> actionParams = Map.of();
        try {
            if (formFailure != null) {
                throw ApiError.invalid("The request body is not a form of at most " + maxFormBytes + " bytes and 256"
                        + " parameters (application/x-www-form-urlencoded, UTF-8).");
            }
            collect(query, params);
            collect(form, params);
            format = Render.Format.of(params.get("Format"));
            keyId = params.get("AccessKeyId");
            action = params.get("Action");
            actionParams = actionParams(params);
            String format0 = params.get("Format");
            if (format0 != null && !format0.equalsIgnoreCase("JSON") && !format0.equalsIgnoreCase("XML")) {
                throw ApiError.invalid("The specified parameter \"Format\" is not valid: JSON or XML.");
            }
            String specName = action == null ? null : ShardlineAdmin.actionName(action);
            AccessKey key = auth.authenticate(request.getMethod(), params, specName, System.currentTimeMillis());
            if (specName == null) {
                throw new ApiError("InvalidAction", 403, "The specified action is not valid: "
                        + Authenticator.printable(action));
            }
            boolean filterInstances = permit(key, action, specName, params);
            Map<String, Object> answer = admin.call(action, actionParams, true);
            if (filterInstances) {
                answer = onlyAllowed(answer, key);
            }
            String body = Render.body(format, action + "Response", specName, WireShape.of(specName, answer));
            write(response, callback, 200, format, body);
            Audit.record(keyId, remote(request), action, actionParams, "OK", 200, millis(started),
                    String.valueOf(answer.get("RequestId")));
        } catch (DrdsException e) {
            writeError(request, response, callback, format, e.requestId(), e.code(), e.httpStatus(), e.detail());
            Audit.record(keyId, remote(request), action, actionParams, e.code(), e.httpStatus(), millis(started),
                    e.requestId());
        } catch (ApiError e) {
            answerError(request, response, callback, e, format, keyId, action, actionParams, started);
        } catch (SQLException e) {
            LOG.warn("the metadata store did not answer an access key lookup: {}", e.toString());
            answerError(request, response, callback, new ApiError("ServiceUnavailable", 503, "The request has failed"
                    + " due to a temporary failure of the server: the metadata store did not answer."), format, keyId,
                    action, actionParams, started);
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected failure serving {}", action == null ? "a call" : Authenticator.printable(action), e);
            answerError(request, response, callback, new ApiError("InternalServerError", 500, "The request processing"
                    + " has failed due to some unknown error."), format, keyId, action, actionParams, started);
        }
    }

    /**
     * Refuses (Forbidden.RAM) an action the key may not call or an instance it may not touch; true when the answer
     * must be narrowed to the key's instances (a listing).
     */
    private static boolean permit(AccessKey key, String action, String specName, Map<String, String> params)
            throws ApiError {
        if (!key.allowsAction(specName) && !key.allowsAction(action)) {
            throw forbidden("access key " + key.accessKeyId() + " may not call " + specName);
        }
        if (!key.limitedToInstances()) {
            return false;
        }
        boolean named = false;
        for (String p : INSTANCE_PARAMS) {
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (e.getKey().equalsIgnoreCase(p) && !e.getValue().isEmpty()) {
                    named = true;
                    if (!key.allowsInstance(e.getValue())) {
                        throw forbidden("access key " + key.accessKeyId() + " may not act on instance "
                                + Authenticator.printable(e.getValue()));
                    }
                }
            }
        }
        if (named) {
            return false;
        }
        if (specName.equals("DescribeDrdsInstances")) {
            return true;
        }
        throw forbidden("access key " + key.accessKeyId() + " is limited to instances " + key.instances() + " and "
                + specName + " names none of them");
    }

    private static ApiError forbidden(String why) {
        return new ApiError("Forbidden.RAM", 403, "User not authorized to operate on the specified resource: " + why
                + ".");
    }

    /** DescribeDrdsInstances' list, only the instances the key may see. */
    private static Map<String, Object> onlyAllowed(Map<String, Object> answer, AccessKey key) {
        Map<String, Object> out = new LinkedHashMap<>(answer);
        if (answer.get("Items") instanceof List<?> items) {
            out.put("Items", items.stream().filter(i -> i instanceof Map<?, ?> m
                    && key.allowsInstance(String.valueOf(m.get("DrdsInstanceId")))).toList());
        }
        return out;
    }

    /** The action's own parameters: all but the signing ones (RegionId stays: some actions take it). */
    private static Map<String, String> actionParams(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (!SIGNING.contains(name)) {
                out.put(name, value);
            }
        });
        // aliyun-java-sdk-drds sends ModifyReadOnlyAccountPassword's new password as NewPasswd
        if ("ModifyReadOnlyAccountPassword".equals(params.get("Action")) && out.containsKey("NewPasswd")
                && !out.containsKey("NewPassword")) {
            out.put("NewPassword", out.remove("NewPasswd"));
        }
        return out;
    }

    private static void collect(Fields fields, Map<String, String> into) throws ApiError {
        for (Fields.Field f : fields) {
            if (f.hasMultipleValues() || into.containsKey(f.getName())) {
                throw ApiError.invalid("The parameter \"" + Authenticator.printable(f.getName())
                        + "\" is given twice.");
            }
            into.put(f.getName(), f.getValue());
        }
    }

    private void answerError(Request request, Response response, Callback callback, ApiError e, Render.Format format,
                             String keyId, String action, Map<String, String> actionParams, long started) {
        String requestId = newRequestId();
        writeError(request, response, callback, format, requestId, e.code(), e.status(), e.getMessage());
        Audit.record(keyId, remote(request), action, actionParams, e.code(), e.status(), millis(started), requestId);
    }

    static void writeError(Request request, Response response, Callback callback, Render.Format format,
                           String requestId, String code, int status, String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("RequestId", requestId);
        fields.put("HostId", hostId(request));
        fields.put("Code", code);
        fields.put("Message", message);
        write(response, callback, status, format, Render.body(format, "Error", "", fields));
    }

    private static void write(Response response, Callback callback, int status, Render.Format format, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** The spec's HostId: the site the caller addressed. */
    private static String hostId(Request request) {
        return Authenticator.printable(Request.getServerName(request));
    }

    private static String remote(Request request) {
        return Request.getRemoteAddr(request);
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
