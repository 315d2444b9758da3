package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardline.admin.cli.AdminMain;
import io.shardline.admin.http.ApiServer;
import io.shardline.admin.http.Signer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API's refusals, by raw HTTP: each signature, timestamp, nonce and permission failure gets the spec's code
 * and HTTP status in a spec error body; keys made with the jar's {@code keys} command limit what a caller can do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestEstate estate;
    private ApiServer server;
    private String keyId;
    private String secret;
    private String instanceId;

    @BeforeAll
    void start() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(1));
        server = ApiServer.start(estate.admin, new InetSocketAddress("127.0.0.1", 0), null);
        Map<String, String> key = createKey();
        keyId = key.get("AccessKeyId");
        secret = key.get("AccessKeySecret");
        instanceId = estate.instance();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        estate.close();
    }

    /** {@code keys create} through the jar's entry point: exactly the two lines, parsed. */
    private Map<String, String> createKey(String... limits) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("keys", "create", "--store", estate.adminUrl()));
        args.addAll(List.of(limits));
        StringWriter out = new StringWriter();
        assertEquals(0, AdminMain.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(new StringWriter())));
        Matcher m = Pattern.compile("AccessKeyId=(SLAK[A-Za-z0-9]{20})\\RAccessKeySecret=([A-Za-z0-9]{30})\\R")
                .matcher(out.toString());
        assertTrue(m.matches(), out.toString());
        return Map.of("AccessKeyId", m.group(1), "AccessKeySecret", m.group(2));
    }

    private Map<String, String> common(String action, String id) {
        Map<String, String> p = new TreeMap<>();
        p.put("Action", action);
        p.put("Format", "JSON");
        p.put("Version", "2015-04-13");
        p.put("AccessKeyId", id);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        return p;
    }

    private HttpResponse<String> get(Map<String, String> params, String signWith) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "?" + Signer.signedQuery("GET", params,
                signWith))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Map<String, String> params, String signWith) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Signer.signedQuery("POST", params, signWith))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer is the spec's error body with this code and status. */
    private static JsonNode refused(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code, body.get("Code").asText(), r.body());
        assertTrue(body.get("RequestId").asText().matches("[0-9A-F-]{36}"), r.body());
        assertEquals("127.0.0.1", body.get("HostId").asText());
        assertFalse(body.get("Message").asText().isEmpty());
        assertFalse(r.body().contains("at io.") || r.body().contains("Exception"), "no stack trace: " + r.body());
        return body;
    }

    private Map<String, String> describeInstance(String id) {
        Map<String, String> p = common("DescribeDrdsInstance", id);
        p.put("DrdsInstanceId", instanceId);
        return p;
    }

    @Test
    void theSpecsStringToSignIsReproducedAndTheSignatureIsAnHmacOfIt() {
        Map<String, String> p = new TreeMap<>(Map.of("AccessKeyId", "testid", "Action", "DescribeDrdsInstances",
                "Format", "XML", "RegionId", "cn-hangzhou", "SignatureMethod", "HMAC-SHA1", "SignatureNonce",
                "ae5bdbbeb-9b44-40a1-8bb4-b40784bff686", "SignatureVersion", "1.0", "Timestamp", "2016-01-20T14:26:15Z",
                "Version", "2015-04-13"));
        // the spec's StringToSign, character for character (its sample signature does not match its own string)
        assertEquals("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDrdsInstances%26Format%3DXML%26RegionId%3Dcn-"
                + "hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dae5bdbbeb-9b44-40a1-8bb4-b40784bff686%26"
                + "SignatureVersion%3D1.0%26Timestamp%3D2016-01-20T14%253A26%253A15Z%26Version%3D2015-04-13",
                Signer.stringToSign("GET", p));
        // the same as: printf '%s' "$string_to_sign" | openssl dgst -sha1 -hmac 'testsecret&' -binary | base64
        assertEquals("XDyF4EGBeUPgDaEXXMBRnBuQRr0=", Signer.sign(Signer.stringToSign("GET", p), "testsecret"));
        assertEquals("a%20b%2Ac~d%2F%3D%26%E4%B8%AD", Signer.percentEncode("a b*c~d/=&中"));
    }

    @Test
    void aSignedCallIsAnsweredByGetAndByPost() throws Exception {
        HttpResponse<String> r = get(describeInstance(keyId), secret);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(instanceId, body.get("Data").get("DrdsInstanceId").asText());
        assertTrue(body.get("Success").asBoolean());
        HttpResponse<String> posted = post(describeInstance(keyId), secret);
        assertEquals(200, posted.statusCode(), posted.body());
        Map<String, String> xml = describeInstance(keyId);
        xml.put("Format", "XML");
        HttpResponse<String> x = get(xml, secret);
        assertTrue(x.body().contains("<DescribeDrdsInstanceResponse><RequestId>") && x.body().contains("<Data><DrdsInstanceId>"
                + instanceId + "</DrdsInstanceId>"), x.body());
        assertTrue(x.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
    }

    @Test
    void eachSignatureFailureHasTheSpecsCode() throws Exception {
        refused(get(describeInstance(keyId), secret + "x"), 400, "SignatureDoesNotMatch");
        Map<String, String> tampered = describeInstance(keyId);
        String query = Signer.signedQuery("GET", tampered, secret).replace("DrdsInstanceId=", "DrdsInstanceId=x");
        refused(HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString()), 400, "SignatureDoesNotMatch");
        refused(get(describeInstance("SLAKnosuchkey0000000000"), secret), 404, "InvalidAccessKeyId.NotFound");
        for (String name : List.of("Timestamp", "SignatureNonce", "AccessKeyId", "Version", "SignatureMethod")) {
            Map<String, String> p = describeInstance(keyId);
            p.remove(name);
            JsonNode body = refused(get(p, secret), 400, "MissingParameter");
            assertTrue(body.get("Message").asText().contains(name));
        }
        Map<String, String> unsigned = describeInstance(keyId);
        refused(HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "?" + Signer.canonicalized(unsigned)))
                .build(), HttpResponse.BodyHandlers.ofString()), 400, "MissingParameter");
        Map<String, String> old = describeInstance(keyId);
        old.put("Timestamp", Instant.now().minus(Duration.ofMinutes(16)).truncatedTo(ChronoUnit.SECONDS).toString());
        refused(get(old, secret), 400, "InvalidTimeStamp.Expired");
        Map<String, String> future = describeInstance(keyId);
        future.put("Timestamp", Instant.now().plus(Duration.ofMinutes(16)).truncatedTo(ChronoUnit.SECONDS).toString());
        refused(get(future, secret), 400, "InvalidTimeStamp.Expired");
        Map<String, String> version = describeInstance(keyId);
        version.put("Version", "2014-08-15");
        refused(get(version, secret), 400, "InvalidParameter");
    }

    @Test
    void aReplayedNonceIsRefusedEvenWithAFreshSignature() throws Exception {
        Map<String, String> p = describeInstance(keyId);
        String query = Signer.signedQuery("GET", p, secret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "?" + query)).build();
        assertEquals(200, HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        refused(HTTP.send(request, HttpResponse.BodyHandlers.ofString()), 400, "SignatureNonceUsed");
        p.put("Timestamp", Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString());
        refused(get(p, secret), 400, "SignatureNonceUsed");
    }

    @Test
    void aReadOnlyKeyDescribesButCannotCreateOrDelete() throws Exception {
        Map<String, String> ro = createKey("--actions", "Describe*");
        String id = ro.get("AccessKeyId");
        String s = ro.get("AccessKeySecret");
        assertEquals(200, get(describeInstance(id), s).statusCode());

        Map<String, String> create = common("CreateDrdsInstance", id);
        create.putAll(Map.of("Description", "nope", "RegionId", TestEstate.REGION, "Type", "1", "ZoneId",
                TestEstate.REGION + "-a", "Quantity", "1", "Specification", "drds.small", "PayType", "drdsPost"));
        refused(post(create, s), 403, "Forbidden.RAM");
        Map<String, String> remove = common("RemoveDrdsInstance", id);
        remove.put("DrdsInstanceId", instanceId);
        refused(get(remove, s), 403, "Forbidden.RAM");
        Map<String, String> deleteDb = common("DeleteDrdsDB", id);
        deleteDb.putAll(Map.of("DrdsInstanceId", instanceId, "DbName", estate.db("x")));
        refused(get(deleteDb, s), 403, "Forbidden.RAM");
        assertEquals(0, estate.admin.describeDrdsInstance(instanceId).status(), "the instance is still there");
    }

    @Test
    void aKeyLimitedToOneInstanceSeesOnlyIt() throws Exception {
        String other = estate.instance();
        Map<String, String> limited = createKey("--instances", instanceId);
        String id = limited.get("AccessKeyId");
        String s = limited.get("AccessKeySecret");
        assertEquals(200, get(describeInstance(id), s).statusCode());
        Map<String, String> p = common("DescribeDrdsInstance", id);
        p.put("DrdsInstanceId", other);
        refused(get(p, s), 403, "Forbidden.RAM");
        Map<String, String> list = common("DescribeDrdsInstances", id);
        list.put("RegionId", TestEstate.REGION);
        JsonNode items = JSON.readTree(get(list, s).body()).get("Data").get("Instance");
        assertEquals(1, items.size(), items.toString());
        assertEquals(instanceId, items.get(0).get("DrdsInstanceId").asText());
    }

    @Test
    void disabledAndDeletedKeysAreRefusedAndListedWithoutSecrets() throws Exception {
        Map<String, String> key = createKey("--description", "short lived");
        String id = key.get("AccessKeyId");
        StringWriter listed = new StringWriter();
        assertEquals(0, AdminMain.run(new String[] {"keys", "list", "--store", estate.adminUrl()},
                new PrintWriter(listed), new PrintWriter(new StringWriter())));
        assertTrue(listed.toString().contains(id + "\tActive\t*\t*\tshort lived"), listed.toString());
        assertFalse(listed.toString().contains(key.get("AccessKeySecret")));

        assertEquals(0, AdminMain.run(new String[] {"keys", "disable", "--store", estate.adminUrl(), id},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        refused(get(describeInstance(id), key.get("AccessKeySecret")), 400, "InvalidAccessKeyId.Inactive");
        assertEquals(0, AdminMain.run(new String[] {"keys", "delete", "--store", estate.adminUrl(), id},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        refused(get(describeInstance(id), key.get("AccessKeySecret")), 404, "InvalidAccessKeyId.NotFound");
        assertEquals(1, AdminMain.run(new String[] {"keys", "delete", "--store", estate.adminUrl(), id},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    }

    /** A client that writes its whole body before reading must read the refusal, not a reset connection. */
    @Test
    void anOversizedBodyIsReadToItsEndThenRefused() throws Exception {
        Map<String, String> big = describeInstance(keyId);
        big.put("Description", "x".repeat(300_000));
        byte[] body = Signer.signedQuery("POST", big, secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body, 0, 100_000);
            out.flush();
            Thread.sleep(300); // the server has seen more than its limit and decided before the rest arrives
            out.write(body, 100_000, body.length - 100_000);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("\"Code\":\"InvalidParameter\"")
                    && answer.contains("at most 65536 bytes"), answer);
        }
        refused(post(big, secret), 400, "InvalidParameter");
    }

    @Test
    void badRequestsGetSpecErrorBodiesNotStackTraces() throws Exception {
        Map<String, String> unknown = common("DropEverything", keyId);
        refused(get(unknown, secret), 403, "InvalidAction");
        Map<String, String> extra = describeInstance(keyId);
        extra.put("Bogus", "1");
        refused(get(extra, secret), 400, "UnsupportedParameter");
        refused(HTTP.send(HttpRequest.newBuilder(server.uri()).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "UnsupportedHTTPMethod");
        Map<String, String> big = describeInstance(keyId);
        big.put("Description", "x".repeat(100_000));
        refused(post(big, secret), 400, "InvalidParameter");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /?Action=%ZZ%E4 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("\"Code\":\"InvalidParameter\"")
                    && !answer.contains("Exception"), answer);
        }
        Map<String, String> longQuery = describeInstance(keyId);
        longQuery.put("Description", "y".repeat(20_000));
        refused(get(longQuery, secret), 400, "InvalidParameter");
        Map<String, String> twice = describeInstance(keyId);
        String query = Signer.signedQuery("GET", twice, secret) + "&DrdsInstanceId=" + instanceId;
        refused(HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString()), 400, "InvalidParameter");
        Map<String, String> xml = describeInstance(keyId);
        xml.put("Format", "XML");
        HttpResponse<String> x = get(xml, secret + "x");
        assertEquals(400, x.statusCode());
        assertTrue(x.body().matches("(?s)<\\?xml.*<Error><RequestId>[0-9A-F-]{36}</RequestId><HostId>127.0.0.1</HostId>"
                + "<Code>SignatureDoesNotMatch</Code><Message>.+</Message></Error>"), x.body());
    }

    @Test
    void slowClientsDoNotHoldBackOthers() throws Exception {
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) { // more than the worker and I/O threads together
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:"
                        + " application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=Desc")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            long started = System.nanoTime();
            assertEquals(200, get(describeInstance(keyId), secret).statusCode());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos(), "answered while 40 uploads stall");
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void concurrentCreationsOfOneDatabaseMakeItOnce() throws Exception {
        String db = estate.db("race");
        List<java.util.concurrent.Callable<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> {
                Map<String, String> p = common("CreateDrdsDB", keyId);
                p.putAll(Map.of("DrdsInstanceId", instanceId, "DbName", db, "Encode", "utf8mb4", "Password",
                        "Race-pass-1", "RdsInstances", "[\"rdsA\"]"));
                return post(p, secret);
            });
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : pool.invokeAll(calls)) {
                HttpResponse<String> r = f.get();
                statuses.add(r.statusCode());
                if (r.statusCode() != 200) {
                    assertEquals("InvalidDbprefixDuplicated", JSON.readTree(r.body()).get("Code").asText(), r.body());
                }
            }
            assertEquals(1, statuses.stream().filter(st -> st == 200).count(), statuses.toString());
        } finally {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!estate.admin.describeDrdsDB(instanceId, db).status().equals("1")) {
            assertTrue(System.nanoTime() < deadline, estate.admin.describeDrdsDB(instanceId, db).toString());
            Thread.sleep(100);
        }
        assertEquals(List.of(db + "_0000"), TestEstate.databasesLike("rdsA", db));
        estate.admin.deleteDrdsDB(instanceId, db);
    }

    @Test
    void httpsFromAKeystore() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("api-tls");
        java.nio.file.Path keystore = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (ApiServer https = ApiServer.start(estate.admin, new InetSocketAddress("127.0.0.1", 0),
                new ApiServer.Tls(keystore, "changeit"))) {
            assertTrue(https.uri().toString().startsWith("https://127.0.0.1:"));
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(https.uri() + "?"
                    + Signer.signedQuery("GET", describeInstance(keyId), secret))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(instanceId, JSON.readTree(r.body()).get("Data").get("DrdsInstanceId").asText());
        }
    }
}
