package com.payroute.deploy;

import static com.payroute.support.Http.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.payroute.support.Merchants;
import com.payroute.support.Payments;

import io.quarkus.test.junit.QuarkusTest;

/**
 * k8s/ parses and hangs together: every kustomization resource exists; selectors, labels, names
 * and ports refer to each other; the probes hit paths this application serves; ConfigMap keys
 * are real configuration; every metric the alert rules use is one the application exposes.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final String CONFIG = "ConfigMap/payroute-config";
    private static final String DASHBOARD = "ConfigMap/payroute-dashboard";
    @jakarta.inject.Inject
    Merchants merchants;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<String, JsonNode> byKind = new HashMap<>();
    private JsonNode kustomization;

    @BeforeAll
    void parse() throws IOException {
        kustomization = yaml.readTree(K8S.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.get("resources")) {
            Path file = K8S.resolve(resource.asText());
            assertTrue(Files.isRegularFile(file), "kustomization names a missing file: " + file);
            JsonNode doc = yaml.readTree(file.toFile());
            assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind") && doc.path("metadata").hasNonNull("name"), file + " is a resource");
            // one of each kind, except ConfigMaps: the configuration and the dashboard
            String kind = doc.get("kind").asText();
            byKind.put(kind.equals("ConfigMap") ? kind + "/" + doc.at("/metadata/name").asText() : kind, doc);
        }
    }

    @Test
    void everyManifestIsListedAndThereAreNoSecretValues() throws IOException {
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        try (var files = Files.list(K8S)) {
            Set<String> present = new TreeSet<>();
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(present::add);
            assertEquals(present, listed, "every manifest in k8s/ is part of the kustomization");
        }
        assertFalse(byKind.containsKey("Secret"), "secret values are never committed, only referenced");
        for (String kind : List.of("Namespace", "Deployment", "Service", CONFIG, DASHBOARD, "PodDisruptionBudget", "ScaledObject", "PrometheusRule")) {
            assertTrue(byKind.containsKey(kind), "k8s/ has a " + kind);
        }
    }

    @Test
    void namesLabelsAndPortsReferToEachOther() {
        JsonNode deployment = byKind.get("Deployment");
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode selector = deployment.at("/spec/selector/matchLabels");
        selector.fields().forEachRemaining(e -> assertEquals(e.getValue(), podLabels.get(e.getKey()), "Deployment selector matches its pods"));
        byKind.get("Service").at("/spec/selector").fields()
                .forEachRemaining(e -> assertEquals(e.getValue(), podLabels.get(e.getKey()), "Service selects the pods"));
        byKind.get("PodDisruptionBudget").at("/spec/selector/matchLabels").fields()
                .forEachRemaining(e -> assertEquals(e.getValue(), podLabels.get(e.getKey()), "PDB selects the pods"));
        assertTrue(byKind.get("PodDisruptionBudget").at("/spec/minAvailable").asInt() < deployment.at("/spec/replicas").asInt());
        assertEquals(deployment.at("/metadata/name"), byKind.get("ScaledObject").at("/spec/scaleTargetRef/name"));
        assertEquals(byKind.get("ScaledObject").at("/spec/maxReplicaCount").asText(),
                byKind.get(CONFIG).at("/data/PAYROUTE_WORKER_EXPECTED_REPLICAS").asText(),
                "without Redis each replica takes maxConcurrency / expected replicas: count every replica KEDA may run");
        assertTrue(byKind.get("ScaledObject").at("/spec/minReplicaCount").asInt() > byKind.get("PodDisruptionBudget").at("/spec/minAvailable").asInt(),
                "the PDB leaves room to evict at the smallest scale");

        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        List<String> portNames = new ArrayList<>();
        container.get("ports").forEach(p -> portNames.add(p.get("name").asText()));
        int containerPort = container.at("/ports/0/containerPort").asInt();
        assertEquals(8080, containerPort, "Quarkus's HTTP port (quarkus.http.port is not changed for prod)");
        byKind.get("Service").at("/spec/ports").forEach(p -> assertTrue(portNames.contains(p.get("targetPort").asText()),
                "Service targets a named container port"));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertTrue(portNames.contains(container.at("/" + probe + "/httpGet/port").asText()), probe + " port");
        }
        assertEquals(byKind.get(CONFIG).at("/metadata/name"), container.at("/envFrom/0/configMapRef/name"));
        container.get("env").forEach(env -> {
            JsonNode ref = env.at("/valueFrom/secretKeyRef");
            assertEquals("payroute-secrets", ref.get("name").asText(), "secrets come from the one Secret");
        });
        assertTrue(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt() > 30,
                "long enough for the shutdown delay and the drain");
    }

    @Test
    void probesHitPathsTheApplicationServes() {
        JsonNode container = byKind.get("Deployment").at("/spec/template/spec/containers/0");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            String path = container.at("/" + probe + "/httpGet/path").asText();
            int status = given().get(path).statusCode();
            assertTrue(status == 200 || status == 503, probe + " " + path + " answered " + status);
        }
        String metricsPath = byKind.get("Deployment").at("/spec/template/metadata/annotations").get("prometheus.io/path").asText();
        given().get(metricsPath).then().statusCode(200);
    }

    @Test
    void configMapKeysAreRealConfiguration() {
        var config = ConfigProvider.getConfig();
        Set<String> known = new TreeSet<>();
        config.getPropertyNames().forEach(known::add);
        byKind.get(CONFIG).get("data").fieldNames().forEachRemaining(key -> {
            String property = key.toLowerCase().replace('_', '.');
            boolean exists = known.stream().anyMatch(p -> p.replace('-', '.').replace("\"", "").equals(property))
                    || key.startsWith("QUARKUS_") || key.startsWith("RABBITMQ_");
            assertTrue(exists, key + " names no payroute configuration");
        });
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExposed() throws IOException {
        exerciseWhatTheAlertsWatch();
        JsonNode dashboard = new ObjectMapper().readTree(byKind.get(DASHBOARD).at("/data/payroute.json").asText());
        Set<String> titles = new TreeSet<>();
        dashboard.get("panels").forEach(panel -> {
            titles.add(panel.get("title").asText());
            assertTrue(panel.get("targets").size() > 0, panel.get("title") + " charts something");
        });
        for (String wanted : List.of("Accepted payments /s", "Success rate per channel", "In flight vs limit per channel account",
                "Queue depths", "Accept latency p99", "Flagged and held", "Open discrepancies")) {
            assertTrue(titles.contains(wanted), "the dashboard has a panel " + wanted + ": " + titles);
        }
        Set<String> used = new TreeSet<>(metricNames(byKind.get("PrometheusRule").toString() + byKind.get("ScaledObject").toString()));
        assertTrue(used.containsAll(List.of("payroute_payments_large_total", "payroute_security_ip_rejected_total",
                "payroute_routes_channels", "payroute_dead_queue_depth")), "the alerts cover large payments, illegal IPs, "
                + "routes without a fallback and the dead-letter queue: " + used);
        used.addAll(metricNames(dashboard.toString()));
        // gauges sampled on a schedule appear after their first sample
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            List<String> missing = used.stream().filter(metric -> !metrics.contains(metric + "{") && !metrics.contains(metric + " ")).toList();
            assertEquals(List.of(), missing, "used by the alerts or the dashboard, not exposed by the application");
        });
    }

    /** A payment, a large one, and a key used from outside its merchant's allowlist: the counters they move exist. */
    private void exerciseWhatTheAlertsWatch() {
        Payments.createAndWait(Payments.body(Payments.orderNo("K8S"), "1.00", "CNY", "ICBC"), 10).then().statusCode(202);
        Payments.create(Payments.body(Payments.orderNo("K8S-LARGE"), "600000.00", "CNY", "ICBC")).then().statusCode(202);
        Merchants.Created fenced = merchants.create("k8s-ip", List.of("192.0.2.0/24"));
        Payments.create(Payments.body(Payments.orderNo("K8S-IP"), "1.00", "CNY", "ICBC"), fenced.apiKey()).then().statusCode(403);
    }

    private static Set<String> metricNames(String text) {
        Matcher m = Pattern.compile("(payroute_[a-z_]+|http_server_requests_seconds_[a-z]+)").matcher(text);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
