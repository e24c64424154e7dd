package com.payroute.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.outbound.BoundedInputStream;
import com.payroute.outbound.Destinations;
import com.payroute.security.UrlPolicy;

/**
 * Statements over the generic HTTP protocol: a blocking client (the caller is a worker thread feeding
 * the stream to PostgreSQL's COPY), one per channel with its connect timeout, its response timeout for
 * the answer to begin, redirects never followed, and the body capped.
 */
@ApplicationScoped
public class HttpStatements {

    private final ChannelsConfig config;
    private final Destinations destinations;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    HttpStatements(ChannelsConfig config, Destinations destinations) {
        this.config = config;
        this.destinations = destinations;
    }

    Optional<InputStream> fetch(ChannelConfig channel, LocalDate day) throws IOException {
        // judged on the resolved address first (the JVM's address cache makes the client's own look-up agree)
        destinations.checked(channel.baseUrl() + "/statements/" + day, UrlPolicy.Use.CHANNEL);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.baseUrl() + "/statements/" + day))
                .timeout(Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs()))
                .header("Accept", "text/csv")
                .GET();
        String credentialsRef = channel.defaultAccount().credentialsRef();
        String secret = credentialsRef == null ? null : config.credentials().get(credentialsRef);
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        HttpResponse<InputStream> response;
        try {
            response = client(channel).send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the statement", e);
        }
        if (response.statusCode() == 404) {
            response.body().close();
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("statement of " + day + " answered HTTP " + response.statusCode());
        }
        return Optional.of(new BoundedInputStream(response.body(), config.maxStatementBytes()));
    }

    private HttpClient client(ChannelConfig channel) {
        return clients.computeIfAbsent(channel.code(), code -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(channel.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on a plain-text channel
                .build());
    }
}
