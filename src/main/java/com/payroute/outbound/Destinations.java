package com.payroute.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.payroute.security.UrlPolicy;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Where a request to a supplied URL really goes: its host resolved (off the event loop, cached for
 * {@link #TTL_MILLIS}), every address judged by the {@link UrlPolicy}, and the connection then made to
 * exactly the address that was judged (the host name stays in the Host header and TLS SNI), so a name
 * that resolves elsewhere on the next look-up (DNS rebinding) cannot slip past the check.
 */
@ApplicationScoped
public class Destinations {

    static final long TTL_MILLIS = 30_000;

    /** A checked destination: connect to {@code server}, speak to {@code host}:{@code port}. */
    public record Target(SocketAddress server, String host, int port, String uri, boolean ssl) {

        /** A request to this destination: redirects are never followed (a redirect could point anywhere). */
        public RequestOptions request(HttpMethod method) {
            return new RequestOptions().setMethod(method).setServer(server).setHost(host).setPort(port).setURI(uri)
                    .setSsl(ssl).setFollowRedirects(false);
        }
    }

    /** The destination is refused: nothing was sent. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Resolves a host name to its addresses (the system resolver; a test may give its own). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Resolved(InetAddress[] addresses, long at) {
    }

    private final UrlPolicy policy;
    private final Resolver resolver;
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    @Inject
    Destinations(UrlPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    public Destinations(UrlPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /** The checked destination of {@code url}, or a failure ({@link Refused}) before anything is sent. */
    public Uni<Target> of(String url, UrlPolicy.Use use) {
        Parsed parsed;
        try {
            parsed = parse(url, use);
        } catch (Refused refused) {
            return Uni.createFrom().failure(refused);
        }
        return addresses(parsed.host()).map(addresses -> {
            judge(url, addresses, parsed.port(), use);
            return new Target(SocketAddress.inetSocketAddress(parsed.port(), addresses[0].getHostAddress()), parsed.host(),
                    parsed.port(), parsed.path(), parsed.ssl());
        });
    }

    /** Checks a resolved address list without connecting (blocking callers, e.g. the statement fetch). */
    public InetAddress checked(String url, UrlPolicy.Use use) throws UnknownHostException {
        Parsed parsed = parse(url, use);
        InetAddress[] addresses = resolver.resolve(parsed.host());
        judge(url, addresses, parsed.port(), use);
        return addresses[0];
    }

    /** What a URL the policy accepts names: host (brackets of IPv6 removed), port, path and query, TLS. */
    private record Parsed(String host, int port, String path, boolean ssl) {
    }

    private Parsed parse(String url, UrlPolicy.Use use) {
        Optional<String> refused = policy.refusal(url, use);
        if (refused.isPresent()) {
            throw new Refused(url + " " + refused.get());
        }
        URI uri = URI.create(url);
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Parsed(host, port, path, ssl);
    }

    /** Every address the host resolved to must be one the policy allows: one refused refuses them all. */
    private void judge(String url, InetAddress[] addresses, int port, UrlPolicy.Use use) {
        for (InetAddress address : addresses) {
            Optional<String> why = policy.refusal(address, port, use);
            if (why.isPresent()) {
                throw new Refused(url + " " + why.get());
            }
        }
    }

    private Uni<InetAddress[]> addresses(String host) {
        Resolved cached = cache.get(host);
        if (cached != null && System.currentTimeMillis() - cached.at() < TTL_MILLIS) {
            return Uni.createFrom().item(cached.addresses());
        }
        return Uni.createFrom().item(() -> {
            try {
                InetAddress[] found = resolver.resolve(host);
                if (cache.size() > 10_000) {
                    cache.clear();
                }
                cache.put(host, new Resolved(found, System.currentTimeMillis()));
                return found;
            } catch (UnknownHostException e) {
                throw new Refused(host + " does not resolve");
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
