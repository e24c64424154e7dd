package com.payroute.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.payroute.security.UrlPolicy;
import com.payroute.security.UrlPolicyTestSupport;

/**
 * DNS rebinding: a host name is judged again on the addresses it resolves to, and the connection goes
 * to exactly the address judged. The resolver is a stub answering literal addresses: nothing here
 * looks anything up or connects anywhere.
 */
class DestinationsTest {

    @Test
    void aNameThatResolvesInsideIsRefusedBeforeAnythingIsSent() {
        AtomicInteger lookups = new AtomicInteger();
        Destinations destinations = new Destinations(UrlPolicyTestSupport.prod(), host -> {
            lookups.incrementAndGet();
            return switch (host) {
                case "rebinding.example" -> new InetAddress[] { InetAddress.getByName("169.254.169.254") };
                case "mixed.example" -> new InetAddress[] { InetAddress.getByName("203.0.113.5"), InetAddress.getByName("10.0.0.8") };
                default -> new InetAddress[] { InetAddress.getByName("203.0.113.7") };
            };
        });
        Throwable refused = destinations.of("https://rebinding.example/notify", UrlPolicy.Use.NOTIFY).subscribe().withSubscriber(
                io.smallrye.mutiny.helpers.test.UniAssertSubscriber.create()).awaitFailure().getFailure();
        assertTrue(refused instanceof Destinations.Refused, refused.toString());
        assertThrows(Destinations.Refused.class, () -> destinations.checked("https://mixed.example/s", UrlPolicy.Use.CHANNEL),
                "one inside address is enough to refuse");
        Destinations.Target target = destinations.of("https://ok.example:8443/notify?x=1", UrlPolicy.Use.NOTIFY).await().indefinitely();
        assertEquals("203.0.113.7", target.server().hostAddress(), "connects to the address that was judged");
        assertEquals("ok.example", target.host());
        assertEquals(8443, target.port());
        assertEquals("/notify?x=1", target.uri());
        assertTrue(target.ssl());
        destinations.of("https://ok.example:8443/other", UrlPolicy.Use.NOTIFY).await().indefinitely();
        assertEquals(List.of(3), List.of(lookups.get()), "resolved names are cached for a while");
    }
}
