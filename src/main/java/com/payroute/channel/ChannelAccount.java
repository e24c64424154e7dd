package com.payroute.channel;

/**
 * A merchant account (商户号) payroute's company holds with a channel: the credentials its calls
 * carry and the concurrency limit the channel imposes on it, shared by submissions, queries and
 * refunds of every business line bound to it, across all replicas.
 */
public record ChannelAccount(String accountNo, String credentialsRef, int maxConcurrency, boolean isDefault) {
}
