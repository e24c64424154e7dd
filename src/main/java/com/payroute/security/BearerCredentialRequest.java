package com.payroute.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token presented on a request, with the realm its path belongs to. */
public final class BearerCredentialRequest extends BaseAuthenticationRequest {

    private final Realm realm;
    private final String token;
    private final String clientAddress;

    public BearerCredentialRequest(Realm realm, String token, String clientAddress) {
        this.realm = realm;
        this.token = token;
        this.clientAddress = clientAddress;
    }

    public Realm realm() {
        return realm;
    }

    public String token() {
        return token;
    }

    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public String toString() {
        return "BearerCredentialRequest[" + realm + "]"; // never the token
    }
}
