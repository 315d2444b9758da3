package io.shardline.admin.http;

import io.shardline.admin.ShardlineAdmin;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DRDS OpenAPI over HTTP(S) on a {@link ShardlineAdmin}: every action the admin knows, by GET or form-encoded
 * POST, signed with an access key of the store ({@code ShardlineAdmin.accessKeys()}), answered in JSON or XML.
 * Jetty's connector reads requests without holding threads; actions run on {@code workers} threads (more calls
 * than the pool and its queue take are refused with ServiceUnavailable). Close it to stop.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** An HTTPS keystore (PKCS12 or JKS) and its password. */
    public record Tls(Path keystore, String password) {
        @Override
        public String toString() {
            return "Tls[" + keystore + "]"; // never the password
        }
    }

    /**
     * {@code window}: how far a request's Timestamp may be from the server's clock (15 minutes, as Aliyun);
     * {@code maxFormBytes}: the largest form body; {@code workers}: actions running at once.
     */
    public record Options(Duration window, int maxFormBytes, int workers, int queue, int nonceCapacity,
                          Duration idleTimeout) {
        public static Options defaults() {
            return new Options(Duration.ofMinutes(15), 64 * 1024, 16, 256, 100_000, Duration.ofSeconds(30));
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor workers;
    private final boolean tls;

    private ApiServer(Server server, ServerConnector connector, ThreadPoolExecutor workers, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.workers = workers;
        this.tls = tls;
    }

    public static ApiServer start(ShardlineAdmin admin, InetSocketAddress listen, Tls tls) throws Exception {
        return start(admin, listen, tls, Options.defaults());
    }

    public static ApiServer start(ShardlineAdmin admin, InetSocketAddress listen, Tls tls, Options options)
            throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("shardline-api-io");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024); // also bounds a GET's query string
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(tls.password());
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // operators reach it by address as often as by the certificate's name
            http.addCustomizer(secure);
            connector = new ServerConnector(server, ssl, new HttpConnectionFactory(http));
        }
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(options.workers(), options.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.queue()), r -> {
                    Thread t = new Thread(r, "shardline-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Authenticator auth = new Authenticator(admin.accessKeys(), options.window(), options.nonceCapacity());
        server.setHandler(new ApiHandler(admin, auth, workers, options.maxFormBytes()));
        server.setErrorHandler(ApiServer::protocolError);
        try {
            server.start();
        } catch (Exception e) {
            workers.shutdownNow();
            server.stop();
            throw e;
        }
        ApiServer api = new ApiServer(server, connector, workers, tls != null);
        LOG.info("DRDS OpenAPI listening on {}", api.uri());
        return api;
    }

    /** Requests Jetty refuses itself (malformed, headers too large): the spec's error body, never a stack trace. */
    private static boolean protocolError(Request request, org.eclipse.jetty.server.Response response,
                                         org.eclipse.jetty.util.Callback callback) {
        Object status = request.getAttribute(ErrorHandler.ERROR_STATUS);
        int code = status instanceof Integer i ? i : 400;
        String name = code >= 500 ? "InternalServerError" : "InvalidParameter";
        if (code >= 500) {
            LOG.warn("HTTP {} before the API handled a request", code,
                    (Throwable) request.getAttribute(ErrorHandler.ERROR_EXCEPTION));
        }
        // the spec's status for InvalidParameter is 400, whatever finer status Jetty chose (413, 414, 431)
        ApiHandler.writeError(request, response, callback, Render.Format.JSON, ApiHandler.newRequestId(), name,
                code >= 500 ? code : 400, "The request was refused before it reached the API (HTTP " + code
                        + "): malformed, or larger than the server accepts (headers and query: 16 KiB).");
        return true;
    }

    /** The port listened on (the one chosen when 0 was asked). */
    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        String host = connector.getHost() == null ? "localhost" : connector.getHost();
        return URI.create((tls ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + port() + "/");
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
