package com.payroute.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools of the locally running services, for tests that need a separate
 * database, a separate vhost, or to break a service on purpose. Where they are missing (Dev
 * Services in containers), those tests are skipped.
 */
public final class LocalServices {

    public static final String REDIS_START = "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" "
            + "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log";

    private LocalServices() {
    }

    public static boolean available() {
        return onPath("rabbitmqctl") && onPath("redis-cli");
    }

    /** Runs a command, returns its exit code; output goes to target/logs/local-services.out. */
    public static int run(String... command) {
        try {
            new java.io.File("target/logs").mkdirs();
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("target/logs/local-services.out")));
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                // rabbitmqctl is a wrapper around an Erlang node: killing the wrapper alone leaves the node
                // holding one of the eleven distribution ports every later rabbitmqctl needs
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static void freshVhost(String vhost) {
        deleteVhost(vhost);
        must(run("rabbitmqctl", "add_vhost", vhost), "add_vhost");
        must(run("rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"), "set_permissions");
    }

    /**
     * Deletes a vhost and its queues. A quorum queue holds about three of RabbitMQ's file handles
     * even when idle, and a node started with the usual 1024 descriptors stops accepting
     * connections (without an error) once some 300 quorum queues exist: vhosts do not outlive
     * their test.
     */
    public static void deleteVhost(String vhost) {
        run("rabbitmqctl", "delete_vhost", vhost);
    }

    /** The installed PostgreSQL cluster's control command: pg_ctlcluster with the version found in /etc/postgresql. */
    public static int postgres(String action) {
        String[] versions = new java.io.File("/etc/postgresql").list();
        if (versions == null || versions.length == 0) {
            return -1;
        }
        return action.equals("stop")
                ? run("pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "stop", "-m", "fast")
                : run("pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", action);
    }

    /** Waits until PostgreSQL accepts connections again (at most a minute). */
    public static void awaitPostgres() throws InterruptedException {
        for (int i = 0; i < 300 && run("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q") != 0; i++) {
            Thread.sleep(200);
        }
    }

    /** Messages in a queue of a vhost, from rabbitmqctl (-1 when unknown). */
    public static long queueDepth(String vhost, String queue) {
        try {
            Process p = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "messages")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length == 2 && cols[0].equals(queue)) {
                    return Long.parseLong(cols[1]);
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static void redis(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "redis-cli";
        System.arraycopy(args, 0, command, 1, args.length);
        must(run(command), "redis-cli " + String.join(" ", args));
    }

    public static void restartRedis(long downMillis) throws InterruptedException {
        run("redis-cli", "shutdown", "nosave");
        Thread.sleep(downMillis);
        must(run("sh", "-c", REDIS_START), "redis-server");
        for (int i = 0; i < 50 && run("redis-cli", "ping") != 0; i++) {
            Thread.sleep(100);
        }
    }

    private static void must(int exit, String what) {
        if (exit != 0) {
            throw new IllegalStateException(what + " failed with exit code " + exit);
        }
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> new java.io.File(dir, tool).canExecute());
    }
}
