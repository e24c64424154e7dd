package com.payroute.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on POST /v1/payments: {@code concurrency} clients, each sending a new payment
 * as soon as the previous one was answered, for {@code seconds} (after a warm-up that is not
 * counted). Prints one JSON line with accepted payments per second and latency percentiles.
 *
 * <pre>java -cp payroute-bench.jar com.payroute.bench.LoadGenerator URL KEY CONCURRENCY SECONDS CURRENCY [PREFIX]</pre>
 */
public final class LoadGenerator {

    private static final Duration WARM_UP = Duration.ofSeconds(3);

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String key = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String currency = args[4];
        String prefix = args.length > 5 ? args[5] : "BENCH-" + System.currentTimeMillis();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            long[][] mine = { new long[1 << 14] };
            int[] count = { 0 };
            int thread = t;
            Thread worker = new Thread(() -> {
                long n = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    String body = body(prefix + "-" + thread + "-" + n++, currency);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/payments"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long done = System.nanoTime();
                    if (now < measureFrom) {
                        continue;
                    }
                    if (status == 202 || status == 200) {
                        accepted.incrementAndGet();
                        if (count[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], mine[0].length * 2);
                        }
                        mine[0][count[0]++] = done - now;
                    } else {
                        errors.incrementAndGet();
                    }
                }
                synchronized (latencies) {
                    latencies.add(Arrays.copyOf(mine[0], count[0]));
                }
            });
            worker.start();
            threads.add(worker);
        }
        for (Thread worker : threads) {
            worker.join();
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("{\"concurrency\":%d,\"seconds\":%d,\"accepted\":%d,\"errors\":%d,\"perSecond\":%.1f,"
                        + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}%n",
                concurrency, seconds, accepted.get(), errors.get(), accepted.get() / (double) seconds,
                percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String body(String orderNo, String currency) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder number = new StringBuilder("621700");
        while (number.length() < 19) {
            number.append(random.nextInt(10));
        }
        return "{\"merchantOrderNo\":\"" + orderNo + "\",\"type\":\"DEBIT\",\"amount\":\"" + (1 + random.nextInt(500)) + ".00\","
                + "\"currency\":\"" + currency + "\",\"account\":{\"bankCode\":\"ICBC\",\"number\":\"" + number
                + "\",\"holderName\":\"Bench\"}}";
    }
}
