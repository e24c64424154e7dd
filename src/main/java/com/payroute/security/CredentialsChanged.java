package com.payroute.security;

/**
 * Fired on every replica when the committed {@code credential_version} moved (a key, ops token or merchant was
 * created, changed or revoked somewhere): whoever keeps something per merchant looks again.
 */
public record CredentialsChanged(long version) {
}
