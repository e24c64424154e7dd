package com.payroute.recovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.LocalServices;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.PayrouteProcess;
import com.payroute.support.SeparateInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** The production build on a fresh database: no simulator endpoint, no dev/test seeds. */
@QuarkusTest
class ProdBuildIT {

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;

    @Test
    void theProductionBuildHasNoSimulatorAndNoSeeds() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "prod", 4);
                PayrouteProcess prod = new PayrouteProcess("prod", 8093, instance.processConfig())) {
            prod.start().awaitReady(Duration.ofSeconds(60));
            for (String path : new String[] { "/sim/ledger", "/sim/channels/sim-01", "/sim/channels/sim-01/orders/x" }) {
                given().baseUri(prod.url()).get(path).then().statusCode(404);
            }
            given().baseUri(prod.url()).contentType("application/json").body(Map.of("down", true))
                    .put("/sim/channels/sim-01/behaviour").then().statusCode(404);
            given().baseUri(prod.url()).post("/sim/reset").then().statusCode(404);
            // no seeded merchant key, no seeded ops tokens
            prod.asMerchant(Payments.DEMO_KEY)
                    .body(Payments.body(Payments.orderNo("PROD"), "1.00", "CNY", "ICBC")).post("/v1/payments")
                    .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
            given().baseUri(prod.url()).header("Authorization", "Bearer " + Ops.OPS_TOKEN).get("/admin/channels")
                    .then().statusCode(401);
            given().baseUri(prod.url()).get("/q/health/ready").then().statusCode(200)
                    .body(not(containsString("simulator")));
        }
    }
}
