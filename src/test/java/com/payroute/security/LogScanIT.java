package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.payroute.support.TestAccounts;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Invariant: account numbers never appear in logs, nor do API keys or ops tokens. Runs after every other test of the run and
 * reads every log file the run wrote (this JVM's and those of payroute processes tests started).
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class LogScanIT {

    /** Every account number the tests use starts with this BIN and has 19 digits. */
    private static final Pattern TEST_ACCOUNT = Pattern.compile("(?<!\\d)622202\\d{13}(?!\\d)");
    /** Credentials the tests present: the seeded ones and the generated "key-<uuid>" API keys. */
    private static final Pattern CREDENTIAL = Pattern.compile("demo-key|ops-token|viewer-token|key-[0-9a-f]{8}-[0-9a-f]{4}");

    @Test
    void noLogLineContainsAFullAccountNumber() throws IOException {
        String probe = "6222029999999999999";
        Logger.getLogger(LogScanIT.class).infof("probe: a log line that carries %s and %s", probe,
                new IllegalStateException("and an exception saying " + probe));
        Logger.getLogger(LogScanIT.class).error("failure with account " + probe, new RuntimeException("account " + probe));

        List<Path> logs;
        try (Stream<Path> files = Files.walk(Path.of("target", "logs"))) {
            logs = files.filter(Files::isRegularFile).toList();
        }
        assertFalse(logs.isEmpty(), "the test run wrote logs to target/logs");
        boolean probeMasked = false;
        long lines = 0;
        for (Path log : logs) {
            List<String> content = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (String line : content) {
                lines++;
                Matcher m = TEST_ACCOUNT.matcher(line);
                assertFalse(m.find(), log + " contains an account number: " + (m.find(0) ? AccountNumberMask.mask(m.group()) : ""));
                assertFalse(CREDENTIAL.matcher(line).find(), log + " contains a credential");
                probeMasked |= line.contains("622202*********9999");
            }
        }
        // every number a test used, even inside a longer run of digits: each file read once, each run's 19-digit windows looked up
        java.util.Set<String> issued = new java.util.HashSet<>(TestAccounts.issued());
        Pattern digits = Pattern.compile("\\d{19,}");
        for (Path log : logs) {
            Matcher run = digits.matcher(Files.readString(log, StandardCharsets.UTF_8));
            while (run.find()) {
                String found = run.group();
                for (int i = 0; i + 19 <= found.length(); i++) {
                    assertFalse(issued.contains(found.substring(i, i + 19)), "a test account number is in " + log);
                }
            }
        }
        assertTrue(probeMasked, "the masking filter is active on the captured log");
        assertTrue(lines > 100, "the scan read the run's logs: " + lines + " lines");
    }
}
