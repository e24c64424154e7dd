package com.payroute.security;

import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a bearer token into an identity: merchant (role "merchant") or ops (role "ops"/"viewer"). */
@ApplicationScoped
public class CredentialIdentityProvider implements IdentityProvider<BearerCredentialRequest> {

    public static final String MERCHANT_ROLE = "merchant";
    public static final String IP_ALLOWLIST_ATTRIBUTE = "payroute.ip-allowlist";
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "payroute.client-address";

    private final MerchantCredentials merchants;

    CredentialIdentityProvider(MerchantCredentials merchants) {
        this.merchants = merchants;
    }

    @Override
    public Class<BearerCredentialRequest> getRequestType() {
        return BearerCredentialRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerCredentialRequest request, AuthenticationRequestContext context) {
        byte[] presented = TokenHash.of(request.token());
        return switch (request.realm()) {
            case MERCHANT -> merchants.byKeyHash(HexFormat.of().formatHex(presented)).map(found -> found
                    .filter(key -> TokenHash.matches(key.keyHash(), presented))
                    .map(key -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(key.merchantId()))
                            .addRole(MERCHANT_ROLE)
                            .addAttribute(IP_ALLOWLIST_ATTRIBUTE, key.ipAllowlist())
                            .addAttribute(CLIENT_ADDRESS_ATTRIBUTE, request.clientAddress())
                            .build())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key")));
            case OPS -> Uni.createFrom().failure(new AuthenticationFailedException("ops tokens are not enabled"));
        };
    }
}
