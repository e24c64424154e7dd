package com.payroute.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;


/**
 * payroute is never a proxy into its own network (API.md section 1, DESIGN.md "Invariants"): a URL a
 * merchant or ops supplies (a notifyUrl, a channel's baseUrl) must be https (http only where
 * {@code payroute.security.urls.allow-http}, dev and test), and may not reach loopback, private,
 * shared (100.64/10), link-local (the cloud metadata address included), unique-local, multicast,
 * broadcast or unspecified addresses unless they are in {@code payroute.security.urls.allowlist}.
 * payroute's own HTTP and management ports are refused to callbacks even then. The same rule judges
 * each address a host name resolves to when connecting (DNS rebinding); this class never resolves
 * anything itself: a literal address is judged as written, a host name only once resolved.
 */
@ApplicationScoped
public class UrlPolicy {

    /** What the URL is for. */
    public enum Use {
        NOTIFY, CHANNEL
    }

    private final boolean allowHttp;
    private final List<String> allowlist;
    private final Set<Integer> ownPorts;

    UrlPolicy(SecurityConfig config, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
            @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081") int testPort,
            @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int managementPort) {
        this.allowHttp = config.urls().allowHttp();
        this.allowlist = config.urls().allowlist().orElse(List.of());
        this.ownPorts = java.util.stream.Stream.of(httpPort, testPort, managementPort).collect(Collectors.toSet());
    }

    /** Why {@code url} may not be used for {@code use}, or empty when it may (its host name is judged again once resolved). */
    public Optional<String> refusal(String url, Use use) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!"https".equals(scheme) && !("http".equals(scheme) && allowHttp)) {
            return Optional.of(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.getUserInfo() != null) {
            return Optional.of("must name a host (and no user information)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            return refusal(literal.get(), port, use);
        }
        if (numeric(host)) {
            // 0x7f000001, 2130706433, 127.1: an address in a form a resolver might read its own way
            return Optional.of("names an address in a form other than a dotted quad or bracketed IPv6");
        }
        if (host.equalsIgnoreCase("localhost") || host.toLowerCase().endsWith(".localhost")) {
            return refusal(InetAddress.getLoopbackAddress(), port, use);
        }
        return Optional.empty();
    }

    /** Why a resolved address may not be connected to for {@code use}, or empty when it may. */
    public Optional<String> refusal(InetAddress address, int port, Use use) {
        boolean internal = internal(address);
        if (internal && !IpAllowlist.contains(allowlist, address.getAddress())) {
            return Optional.of("points into payroute's own network (" + address.getHostAddress() + " is not a public address)");
        }
        if (use == Use.NOTIFY && address.isLoopbackAddress() && ownPorts.contains(port)) {
            return Optional.of("points at payroute itself");
        }
        return Optional.empty();
    }

    /** Loopback, private, shared, link-local, unique-local, multicast, broadcast or unspecified. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique-local fc00::/7
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // "this network"
                || (first == 100 && second >= 64 && second < 128) // shared address space, carrier-grade NAT
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || first >= 240; // reserved and broadcast
    }

    /**
     * A host whose last label is a number (decimal, or 0x hexadecimal) names an address, as URL parsers
     * read it, never a domain: no top-level domain is numeric. Refused unless it is a dotted quad, so that
     * nothing is ever looked up for it.
     */
    static boolean numeric(String host) {
        String last = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        last = last.substring(last.lastIndexOf('.') + 1).toLowerCase();
        return last.matches("[0-9]+|0x[0-9a-f]*");
    }

    /** The address a literal host names (IPv4 dotted or bracketed IPv6), without any DNS look-up. */
    static Optional<InetAddress> literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = h.chars().allMatch(c -> c == '.' || Character.isDigit(c)) && h.chars().filter(c -> c == '.').count() == 3;
        boolean ipv6 = h.indexOf(':') >= 0;
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(h)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
