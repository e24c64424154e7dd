package com.payroute.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.payroute.support.Payments;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The edges of the contract answer problem+json with the code API.md gives, never an empty answer
 * from the HTTP layer or a 500 from a value nobody expected.
 */
@QuarkusTest
class ErrorEdgesTest {

    @jakarta.inject.Inject
    com.payroute.support.Fixtures fixtures;
    @jakarta.inject.Inject
    com.payroute.support.Merchants merchants;

    /**
     * A body declaring more than its cap is refused before it is read and the connection closed: a client
     * that reads the answer (rather than insisting on writing everything first) gets problem+json.
     */
    @Test
    void aBodyOfTwoMebibytesIsPayloadTooLarge() throws Exception {
        for (String[] call : new String[][] { { "demo-key", "/v1/payments" }, { "demo-key", "/v1/payments/pay_x/refunds" },
                { "ops-token", "/admin/channels" }, { "admin-token", "/admin/merchants" } }) {
            String answer = rawPost(call[1], call[0], 2 * 1024 * 1024, true);
            assertTrue(answer.startsWith("HTTP/1.1 413"), call[1] + ": " + answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        }
    }

    /**
     * Beyond every cap: declared, the same answer; chunked, the HTTP layer cuts it off at its own limit
     * (7 MiB) with its own 413.
     */
    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void aBodyOfEightMebibytesIsPayloadTooLarge(boolean declared) throws Exception {
        String answer = rawPost("/v1/batches", "demo-key", 8 * 1024 * 1024, declared);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        if (declared) {
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        }
    }

    /**
     * Past its own limit the HTTP layer cuts a chunked body off, and the body's reader then gets a plain
     * IOException: the client's excess, answered 413, not a dependency down (503, logged as a WARN).
     */
    @Test
    void aBodyCutOffByTheHttpLayerIsNotADependencyDown() {
        ProblemMappers mappers = new ProblemMappers();
        jakarta.ws.rs.core.Response cut = mappers.unexpected(new java.io.UncheckedIOException(new IOException("Request too large")));
        assertEquals(413, cut.getStatus());
        assertEquals("PAYLOAD_TOO_LARGE", ((Problem) cut.getEntity()).code());
        assertEquals(503, mappers.unexpected(new IOException("Connection reset by peer")).getStatus());
    }

    /** POSTs {@code bytes} of body on a connection of its own (declared or chunked) and reads whatever is answered. */
    private static String rawPost(String path, String token, int bytes, boolean declared) throws IOException {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + (declared ? "Content-Length: " + bytes + "\r\n" : "Transfer-Encoding: chunked\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try {
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    if (!declared) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk);
                    if (!declared) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException closedWhileWriting) {
                // the server answered and hung up: read what it answered
            }
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (IOException resetAfterTheAnswer) {
                // the unread rest of the body makes the close a reset: what arrived before it is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChunkedBodyOverTheCapIsPayloadTooLarge() throws Exception {
        byte[] body = ("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        // a client of its own: a pooled connection an earlier 413 closed must not be reused here
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/payments"))
                .header("Authorization", "Bearer demo-key").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))) // chunked
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(answer.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "olderThanSeconds=9223372036854775807", "olderThanSeconds=-1", "olderThanSeconds=1e3",
            "limit=abc", "limit=0", "limit=99999999999999999999", "flagged=maybe" })
    void anOddQueryParameterIsAValidationError(String query) {
        for (String path : new String[] { "/admin/payments", "/admin/refunds" }) {
            given().header("Authorization", "Bearer viewer-token").get(path + "?" + query).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", hasItem(query.substring(0, query.indexOf('='))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/admin/notifications", "/admin/audit", "/admin/dead-letters", "/admin/reviews",
            "/admin/reconciliations", "/admin/discrepancies" })
    void everyListingRefusesALimitThatIsNotANumber(String path) {
        given().header("Authorization", "Bearer viewer-token").get(path + "?limit=abc").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("limit"));
    }

    /** Free text is shown back, but an account number written into it is stored and shown masked. */
    @Test
    void anAccountNumberInFreeTextIsNeverShownInClear() {
        String card = "6222 0212 3456 7890 123";
        Map<String, Object> body = Payments.with(Payments.body(Payments.orderNo("FREE-TEXT"), "3.00", "CNY", "ICBC"),
                "metadata", Map.of("note", "paid from " + card));
        String answer = Payments.createAndWait(body, 10).then().statusCode(202).body("status", equalTo("SUCCEEDED")).extract().asString();
        String id = io.restassured.path.json.JsonPath.from(answer).getString("id");
        String refund = given().header("Authorization", "Bearer demo-key").contentType("application/json")
                .body(Map.of("merchantRefundNo", Payments.orderNo("FREE-TEXT-R"), "amount", "1.00", "reason", "refund to 6222021234567890123"))
                .post("/v1/payments/" + id + "/refunds").then().statusCode(202).extract().asString();
        String shown = answer + refund + given().header("Authorization", "Bearer demo-key").get("/v1/payments/" + id).asString()
                + given().header("Authorization", "Bearer viewer-token").get("/admin/payments/" + id).asString();
        assertFalse(shown.contains("6222021234567890123") || shown.contains(card), shown);
        assertTrue(shown.contains("\"reason\":\"refund to 622202*********0123\""), "the rest of the text is kept: " + shown);
        assertEquals("paid from 622202*********0123", fixtures.value("select metadata->>'note' from payment where id = $1", id),
                "stored masked");
    }

    /** A NUL character, which PostgreSQL cannot store or compare, in any free text (a merchant's name, a search) is a 400. */
    @Test
    void aTextPostgresqlCannotStoreIsAValidationError() {
        String merchant = merchants.create("nul", null).id();
        given().header("Authorization", "Bearer admin-token").contentType("application/json").body(Map.of("name", "bad\u0000name"))
                .patch("/admin/merchants/" + merchant).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"));
        given().urlEncodingEnabled(false).header("Authorization", "Bearer viewer-token").get("/admin/notifications?merchantId=%00")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED")); // and in a search parameter
    }
}
