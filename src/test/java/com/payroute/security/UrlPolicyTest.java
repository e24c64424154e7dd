package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * payroute is never a proxy into its own network: the policy's answers on literal addresses only, so
 * no connection is ever attempted (this machine may not send anything outside loopback anyway).
 */
class UrlPolicyTest {

    /** The prod policy: https only, nothing inside allowed. */
    static UrlPolicy prod() {
        return new UrlPolicy(config(false, List.of()), 8080, 8081, 9000);
    }

    /** The dev/test policy: http allowed, loopback allowlisted. */
    static UrlPolicy dev() {
        return new UrlPolicy(config(true, List.of("127.0.0.0/8", "::1/128")), 8080, 8081, 9000);
    }

    @Test
    void internalAddressesAreRefused() {
        UrlPolicy policy = prod();
        for (String url : List.of("https://127.0.0.1/notify", "https://localhost:8443/x", "https://10.1.2.3/x", "https://172.16.0.9/x",
                "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/x", "https://[fd00::7]/x",
                "https://[::1]/x", "https://0.0.0.0/x", "https://[::]/x", "https://224.0.0.1/x", "https://100.64.0.1/x",
                "https://255.255.255.255/x", "https://[::ffff:10.0.0.1]/x")) {
            assertTrue(policy.refusal(url, UrlPolicy.Use.NOTIFY).isPresent(), url + " must be refused");
            assertTrue(policy.refusal(url, UrlPolicy.Use.CHANNEL).isPresent(), url + " must be refused for channels too");
        }
    }

    /** Judged as written, never looked up: an address spelt some other way is refused outright. */
    @Test
    void addressesInOtherSpellingsAreRefusedWithoutALookUp() {
        for (UrlPolicy policy : List.of(prod(), dev())) {
            for (String url : List.of("http://0x7f000001/", "http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/",
                    "https://10.0.0.0x1/", "https://017700000001./")) {
                assertTrue(policy.refusal(url, UrlPolicy.Use.NOTIFY).isPresent(), url + " must be refused");
            }
        }
        assertFalse(prod().refusal("https://cafe.be/notify", UrlPolicy.Use.NOTIFY).isPresent(), "a name, however hex it looks");
        assertFalse(prod().refusal("https://pay.0x.example/notify", UrlPolicy.Use.NOTIFY).isPresent());
    }

    @Test
    void publicHttpsIsAllowedAndHttpOnlyWhereConfigured() {
        assertFalse(prod().refusal("https://biz.example/payroute/notify", UrlPolicy.Use.NOTIFY).isPresent());
        assertFalse(prod().refusal("https://203.0.113.10/notify", UrlPolicy.Use.NOTIFY).isPresent());
        assertTrue(prod().refusal("http://biz.example/notify", UrlPolicy.Use.NOTIFY).isPresent(), "https only in prod");
        assertFalse(dev().refusal("http://biz.example/notify", UrlPolicy.Use.NOTIFY).isPresent());
        assertTrue(prod().refusal("ftp://biz.example/x", UrlPolicy.Use.NOTIFY).isPresent());
        assertTrue(prod().refusal("https://user:pass@biz.example/x", UrlPolicy.Use.NOTIFY).isPresent(), "no user information");
    }

    @Test
    void anAllowlistOpensOnlyWhatItNamesAndNeverPayroutesOwnPorts() {
        UrlPolicy policy = dev();
        assertFalse(policy.refusal("http://127.0.0.1:18080/notify", UrlPolicy.Use.NOTIFY).isPresent(), "a local receiver");
        assertFalse(policy.refusal("http://localhost:18080/notify", UrlPolicy.Use.NOTIFY).isPresent());
        assertTrue(policy.refusal("http://10.0.0.5/notify", UrlPolicy.Use.NOTIFY).isPresent(), "private stays refused");
        assertTrue(policy.refusal("http://169.254.169.254/", UrlPolicy.Use.CHANNEL).isPresent(), "metadata stays refused");
        for (int own : List.of(8081, 9000)) {
            assertTrue(policy.refusal("http://127.0.0.1:" + own + "/admin/channels", UrlPolicy.Use.NOTIFY).isPresent(),
                    "payroute's own port " + own);
            assertTrue(policy.refusal("http://localhost:" + own + "/q/metrics", UrlPolicy.Use.NOTIFY).isPresent());
        }
        assertFalse(policy.refusal("http://localhost:8081/sim/channels/sim-01", UrlPolicy.Use.CHANNEL).isPresent(),
                "the simulated channels of dev and test live on payroute's own port");
    }

    static SecurityConfig config(boolean allowHttp, List<String> allowlist) {
        return new SecurityConfig() {
            @Override
            public Optional<String> bootstrapAdminTokenSha256() {
                return Optional.empty();
            }

            @Override
            public Urls urls() {
                return new Urls() {
                    @Override
                    public boolean allowHttp() {
                        return allowHttp;
                    }

                    @Override
                    public Optional<List<String>> allowlist() {
                        return Optional.of(allowlist);
                    }
                };
            }

            @Override
            public Admission admission() {
                return new Admission() {
                    @Override
                    public int maxAcceptsInFlight() {
                        return 512;
                    }

                    @Override
                    public int maxWaiters() {
                        return 2000;
                    }

                    @Override
                    public int expectedReplicas() {
                        return 1;
                    }

                    @Override
                    public int unknownTokensPerSecond() {
                        return 3;
                    }
                };
            }
        };
    }
}
