package com.payroute.payment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

import com.payroute.support.Payments;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Every rule of API.md section 1, one case at a time, and the error contract around them. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentValidationTest {

    @Inject
    Pool pool;

    String otherMerchantKey;

    @Inject
    com.payroute.support.Merchants merchants;

    @BeforeAll
    void anotherMerchant() {
        otherMerchantKey = merchants.create("m_other", null).apiKey();
    }

    private static Map<String, Object> valid() {
        return Payments.body(Payments.orderNo("VAL"), "270.00", "CNY", "ICBC");
    }

    static List<Arguments> invalidBodies() {
        Map<String, Object> v = valid();
        Map<String, Object> metadataTooBig = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            metadataTooBig.put("key" + i, "x".repeat(90));
        }
        return List.of(
                Arguments.of("missing merchantOrderNo", Payments.with(v, "merchantOrderNo", null), "merchantOrderNo"),
                Arguments.of("empty merchantOrderNo", Payments.with(v, "merchantOrderNo", ""), "merchantOrderNo"),
                Arguments.of("65-char merchantOrderNo", Payments.with(v, "merchantOrderNo", "A".repeat(65)), "merchantOrderNo"),
                Arguments.of("merchantOrderNo with space", Payments.with(v, "merchantOrderNo", "ORD 1"), "merchantOrderNo"),
                Arguments.of("merchantOrderNo with slash", Payments.with(v, "merchantOrderNo", "ORD/1"), "merchantOrderNo"),
                Arguments.of("missing type", Payments.with(v, "type", null), "type"),
                Arguments.of("unknown type", Payments.with(v, "type", "REFUND"), "type"),
                Arguments.of("lower-case type", Payments.with(v, "type", "debit"), "type"),
                Arguments.of("missing amount", Payments.with(v, "amount", null), "amount"),
                Arguments.of("zero amount", Payments.with(v, "amount", "0"), "amount"),
                Arguments.of("zero amount with decimals", Payments.with(v, "amount", "0.00"), "amount"),
                Arguments.of("negative amount", Payments.with(v, "amount", "-1.00"), "amount"),
                Arguments.of("three decimals", Payments.with(v, "amount", "270.001"), "amount"),
                Arguments.of("over the maximum", Payments.with(v, "amount", "1000000000.01"), "amount"),
                Arguments.of("amount as a JSON number", Payments.with(v, "amount", 270.00), "amount"),
                Arguments.of("amount not a number", Payments.with(v, "amount", "abc"), "amount"),
                Arguments.of("amount in exponent form", Payments.with(v, "amount", "1e5"), "amount"),
                Arguments.of("amount with trailing dot", Payments.with(v, "amount", "270."), "amount"),
                Arguments.of("amount with leading plus", Payments.with(v, "amount", "+270.00"), "amount"),
                Arguments.of("decimals on a JPY amount", Payments.with(Payments.with(v, "currency", "JPY"), "amount", "100.5"), "amount"),
                Arguments.of("missing currency", Payments.with(v, "currency", null), "currency"),
                Arguments.of("unknown currency", Payments.with(v, "currency", "XYZ"), "currency"),
                Arguments.of("lower-case currency", Payments.with(v, "currency", "cny"), "currency"),
                Arguments.of("missing account", Payments.with(v, "account", null), "account"),
                Arguments.of("account not an object", Payments.with(v, "account", "6222021507001069767"), "account"),
                Arguments.of("11-digit account number", Payments.withAccount(v, "number", "12345678901"), "account.number"),
                Arguments.of("20-digit account number", Payments.withAccount(v, "number", "62220215070010697671"), "account.number"),
                Arguments.of("non-numeric account number", Payments.withAccount(v, "number", "6222abc1507001069767"), "account.number"),
                Arguments.of("account number with spaces", Payments.withAccount(v, "number", "6222 0215 0700 1069"), "account.number"),
                Arguments.of("account number as JSON number", Payments.withAccount(v, "number", 6222021507001069767L), "account.number"),
                Arguments.of("missing account number", Payments.withAccount(v, "number", null), "account.number"),
                Arguments.of("missing bank code", Payments.withAccount(v, "bankCode", null), "account.bankCode"),
                Arguments.of("lower-case bank code", Payments.withAccount(v, "bankCode", "icbc"), "account.bankCode"),
                Arguments.of("missing holder name", Payments.withAccount(v, "holderName", null), "account.holderName"),
                Arguments.of("blank holder name", Payments.withAccount(v, "holderName", "   "), "account.holderName"),
                Arguments.of("unknown account field", Payments.withAccount(v, "cvv", "123"), "account.cvv"),
                Arguments.of("ftp notify URL", Payments.with(v, "notifyUrl", "ftp://biz.example/notify"), "notifyUrl"),
                Arguments.of("relative notify URL", Payments.with(v, "notifyUrl", "/notify"), "notifyUrl"),
                Arguments.of("nested metadata", Payments.with(v, "metadata", Map.of("a", Map.of("b", "c"))), "metadata.a"),
                Arguments.of("metadata over 4 KiB", Payments.with(v, "metadata", metadataTooBig), "metadata"),
                Arguments.of("metadata not an object", Payments.with(v, "metadata", List.of("a")), "metadata"),
                Arguments.of("metadata with a NUL character", Payments.with(v, "metadata", Map.of("a", "x\u0000y")), "metadata"),
                Arguments.of("unknown field", Payments.with(v, "notifyURL", "https://biz.example/n"), "notifyURL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void rejectsAndNamesTheField(String name, Map<String, Object> body, String field) {
        Response response = Payments.create(body);
        response.then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("status", equalTo(400))
                .body("type", startsWith("urn:payroute:problem:"))
                .body("errors.field", hasItem(field));
        assertNoAccountNumberIn(response, body);
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        Map<String, Object> body = Payments.with(Payments.with(Payments.withAccount(valid(), "number", "12ab"),
                "amount", "-5"), "currency", "XX");
        Payments.create(body).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("currency"))
                .body("errors.field", hasItem("account.number"));
        Payments.create(Map.of()).then().statusCode(400)
                .body("errors", hasSize(5))
                .body("errors.field", hasItem("merchantOrderNo"))
                .body("errors.field", hasItem("type"))
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("currency"))
                .body("errors.field", hasItem("account"));
    }

    @Test
    void acceptsTheEdgesOfEachRule() {
        Payments.create(Payments.with(valid(), "amount", "0.01")).then().statusCode(202);
        Payments.create(Payments.with(valid(), "amount", "50000")).then().statusCode(202);
        String longest = (Payments.orderNo("EDGE") + "_b-9".repeat(16)).substring(0, 64);
        Payments.create(Payments.with(valid(), "merchantOrderNo", longest)).then().statusCode(202);
        Payments.create(Payments.with(Payments.withAccount(valid(), "number", "123456789012"), "allowDuplicate", true)).then().statusCode(202);
        Payments.create(Payments.with(Payments.with(valid(), "currency", "JPY"), "amount", "100")).then().statusCode(202)
                .body("amount", equalTo("100"));
        Payments.create(Payments.with(Payments.with(valid(), "notifyUrl", "https://biz.example/payroute/notify"),
                "metadata", Map.of("loanId", "L-1", "note", "x".repeat(2000)))).then().statusCode(202);
        Payments.create(Payments.with(valid(), "amount", "7")).then().statusCode(202).body("amount", equalTo("7.00"));
    }

    @Test
    void malformedJson() {
        for (String body : List.of("{\"merchantOrderNo\": ", "not json", "{\"a\":1,\"a\":2}", "")) {
            given().header("Authorization", "Bearer demo-key").contentType("application/json").body(body)
                    .post("/v1/payments").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("MALFORMED_JSON"));
        }
        given().header("Authorization", "Bearer demo-key").contentType("application/json").body("[1,2]")
                .post("/v1/payments").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("$"));
    }

    @Test
    void bodyOver64KiB() {
        Map<String, Object> body = Payments.with(valid(), "metadata", Map.of("pad", "x".repeat(65 * 1024)));
        Payments.create(body).then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void nonJsonContentType() {
        given().header("Authorization", "Bearer demo-key").contentType("text/plain").body("hello")
                .post("/v1/payments").then().statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().header("Authorization", "Bearer demo-key").contentType("application/xml").body("<a/>")
                .post("/v1/payments").then().statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void badOrMissingKey() {
        for (String header : List.of("Bearer wrong-key", "Bearer ", "Basic ZGVtbzprZXk=", "demo-key")) {
            given().header("Authorization", header).contentType("application/json").body(valid())
                    .post("/v1/payments").then().statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", "Bearer")
                    .body("code", equalTo("UNAUTHENTICATED"));
        }
        given().contentType("application/json").body(valid()).post("/v1/payments").then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
        given().get("/v1/payments/pay_x").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void anotherMerchantsPaymentIsNotFoundLikeAnUnknownOne() {
        Map<String, Object> body = valid();
        String id = Payments.create(body).then().statusCode(202).extract().path("id");
        String orderNo = (String) body.get("merchantOrderNo");

        Response foreign = given().header("Authorization", "Bearer " + otherMerchantKey).get("/v1/payments/" + id);
        Response unknown = given().header("Authorization", "Bearer " + otherMerchantKey).get("/v1/payments/pay_00000000000000000000000000");
        foreign.then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        unknown.then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        assertEquals(unknown.jsonPath().getString("detail"), foreign.jsonPath().getString("detail"));
        given().header("Authorization", "Bearer " + otherMerchantKey).queryParam("merchantOrderNo", orderNo)
                .get("/v1/payments").then().statusCode(404).body("code", equalTo("NOT_FOUND"));

        // the owner sees it both ways
        given().header("Authorization", "Bearer demo-key").get("/v1/payments/" + id).then().statusCode(200)
                .body("id", equalTo(id));
        given().header("Authorization", "Bearer demo-key").queryParam("merchantOrderNo", orderNo)
                .get("/v1/payments").then().statusCode(200).body("id", equalTo(id));

        // the other merchant may use the same merchantOrderNo for its own, separate payment
        Map<String, Object> theirs = Payments.with(body, "amount", "1.00");
        String theirId = Payments.create(theirs, otherMerchantKey).then().statusCode(202).extract().path("id");
        assertEquals(false, id.equals(theirId));
    }

    @Test
    void noRouteIsStoredAndAnsweredTheSameOnRetry() {
        Map<String, Object> body = Payments.with(valid(), "currency", "GBP");
        Response first = Payments.create(body);
        first.then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("NO_ROUTE"));
        String paymentId = first.jsonPath().getString("paymentId");
        Payments.create(body).then().statusCode(422).body("code", equalTo("NO_ROUTE"))
                .body("paymentId", equalTo(paymentId));
        given().header("Authorization", "Bearer demo-key").get("/v1/payments/" + paymentId).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("failureCode", equalTo("NO_ROUTE"));
    }

    @Test
    void answersCarryTheMaskedNumberOnly() {
        Map<String, Object> body = Payments.with(Payments.withAccount(valid(), "number", "6222021507001069767"), "allowDuplicate", true);
        Response created = Payments.create(body);
        created.then().statusCode(202)
                .body("account.numberMasked", equalTo("622202*********9767"))
                .body("account.bankCode", equalTo("ICBC"))
                .body("status", equalTo("PROCESSING"))
                .body("amount", equalTo("270.00"))
                .body(not(containsString("6222021507001069767")));
        String stored = pool.preparedQuery("select account_masked, encode(account_cipher, 'hex') as c from payment where id = $1")
                .execute(Tuple.of(created.jsonPath().getString("id"))).await().indefinitely()
                .iterator().next().toJson().encode();
        assertEquals(false, stored.contains("6222021507001069767"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().header("Authorization", "Bearer demo-key").get("/v1/nothing-here").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().header("Authorization", "Bearer demo-key").delete("/v1/payments/pay_x").then().statusCode(405)
                .contentType(startsWith("application/problem+json"));
        given().header("Authorization", "Bearer demo-key").get("/v1/payments").then().statusCode(400)
                .body("errors.field", hasItem("merchantOrderNo"));
    }

    private static void assertNoAccountNumberIn(Response response, Map<String, Object> body) {
        Object account = body.get("account");
        if (account instanceof Map<?, ?> map && map.get("number") != null) {
            String number = String.valueOf(map.get("number"));
            if (number.length() >= 12) {
                assertEquals(false, response.asString().contains(number), "the answer repeats the account number");
            }
        }
    }
}
