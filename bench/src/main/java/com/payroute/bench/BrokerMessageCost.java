package com.payroute.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;

/**
 * The broker's side of payroute's message pattern, without payroute: persistent messages at a fixed
 * rate to N quorum queues, all consumed on one channel, each acked some milliseconds after it
 * arrived (a payment's channel call), alone or gathered into one multiple ack per hold; published
 * one by one or in bursts. {@code bench/broker-cost.sh} runs it and reads the broker's CPU meanwhile.
 * PerfTest acks on arrival and publishes evenly, which made acks look far dearer than they are in
 * payroute (README, after run 11).
 *
 * <p>Arguments: queues, messages per second, ack hold in ms (0: each ack alone), seconds; system
 * properties {@code work} (ms from arrival to ack) and {@code burst} (messages published together).
 */
public final class BrokerMessageCost {

    public static void main(String[] args) throws Exception {
        int queues = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        long holdMs = Long.parseLong(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long workMs = Long.getLong("work", 0);
        long burst = Math.max(1, Long.getLong("burst", 1));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(System.getProperty("vhost", "payroute-bench-broker"));
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        try (Connection publishing = factory.newConnection(); Connection consuming = factory.newConnection()) {
            Channel publisher = publishing.createChannel();
            publisher.confirmSelect();
            Channel consumer = consuming.createChannel();
            consumer.basicQos(50);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < queues; i++) {
                names.add("broker-cost-" + i);
                publisher.queueDeclare(names.get(i), true, false, false, Map.of("x-queue-type", "quorum"));
            }
            long[] highestDone = {0};
            for (String queue : names) {
                consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                        long deliveryTag = envelope.getDeliveryTag();
                        Runnable done = () -> {
                            try {
                                if (holdMs == 0) {
                                    consumer.basicAck(deliveryTag, false);
                                } else {
                                    synchronized (highestDone) {
                                        highestDone[0] = Math.max(highestDone[0], deliveryTag);
                                    }
                                }
                            } catch (Exception e) {
                                e.printStackTrace();
                            }
                        };
                        if (workMs > 0) {
                            timers.schedule(done, workMs, TimeUnit.MILLISECONDS); // equal work: done in delivery order
                        } else {
                            done.run();
                        }
                    }
                });
            }
            if (holdMs > 0) {
                timers.scheduleAtFixedRate(() -> {
                    long highest;
                    synchronized (highestDone) {
                        highest = highestDone[0];
                        highestDone[0] = 0;
                    }
                    try {
                        if (highest > 0) {
                            consumer.basicAck(highest, true);
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                }, holdMs, holdMs, TimeUnit.MILLISECONDS);
            }
            byte[] body = new byte[300];
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sent = 0;
            while (System.nanoTime() < end) {
                long wait = start + (sent / burst * burst) * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                publisher.basicPublish("", names.get((int) (sent % queues)), MessageProperties.PERSISTENT_BASIC, body);
                sent++;
                if (sent % 20 == 0) {
                    publisher.waitForConfirmsOrDie(5000);
                }
            }
            Thread.sleep(500);
            for (String queue : names) {
                publisher.queueDelete(queue);
            }
            System.out.println("published " + sent);
        } finally {
            timers.shutdownNow();
        }
    }
}
