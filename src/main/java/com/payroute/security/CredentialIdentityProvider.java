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

/**
 * Turns a bearer token into an identity: a merchant (role "merchant", principal the merchant id)
 * or an ops user (role "admin", "ops" or "viewer", principal the token's name, which the audit log
 * records; an admin also has the role "ops").
 */
@ApplicationScoped
public class CredentialIdentityProvider implements IdentityProvider<BearerCredentialRequest> {

    public static final String MERCHANT_ROLE = "merchant";
    public static final String IP_ALLOWLIST_ATTRIBUTE = "payroute.ip-allowlist";
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "payroute.client-address";
    public static final String RATE_LIMIT_ATTRIBUTE = "payroute.rate-limit";

    private final MerchantCredentials merchants;
    private final OpsCredentials ops;
    private final UnknownTokens unknown;
    private final KeyUsage usage;

    CredentialIdentityProvider(MerchantCredentials merchants, OpsCredentials ops, UnknownTokens unknown, KeyUsage usage) {
        this.merchants = merchants;
        this.ops = ops;
        this.unknown = unknown;
        this.usage = usage;
    }

    @Override
    public Class<BearerCredentialRequest> getRequestType() {
        return BearerCredentialRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerCredentialRequest request, AuthenticationRequestContext context) {
        if (!unknown.allowed(request.clientAddress())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("too many unknown tokens from this address"));
        }
        byte[] presented = TokenHash.of(request.token());
        Uni<SecurityIdentity> identity = switch (request.realm()) {
            case MERCHANT -> merchants.byKeyHash(HexFormat.of().formatHex(presented)).map(found -> found
                    .filter(key -> TokenHash.matches(key.keyHash(), presented))
                    .map(key -> {
                        usage.used(key.keyHash());
                        return key;
                    })
                    .map(key -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(key.merchantId()))
                            .addRole(MERCHANT_ROLE)
                            .addAttribute(IP_ALLOWLIST_ATTRIBUTE, key.ipAllowlist())
                            .addAttribute(CLIENT_ADDRESS_ATTRIBUTE, request.clientAddress())
                            .addAttribute(RATE_LIMIT_ATTRIBUTE, key.rateLimitPerSecond())
                            .build())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key")));
            case OPS -> ops.byTokenHash(HexFormat.of().formatHex(presented)).map(found -> found
                    .filter(token -> TokenHash.matches(token.tokenHash(), presented))
                    .map(token -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(token.name()))
                            .addRole(token.role())
                            // an admin may do everything ops may: endpoints name the roles they need, not the hierarchy
                            .addRoles(OpsCredentials.ADMIN.equals(token.role()) ? java.util.Set.of(OpsCredentials.OPS) : java.util.Set.of())
                            .build())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked ops token")));
        };
        return identity.onFailure(AuthenticationFailedException.class).invoke(() -> unknown.failed(request.clientAddress()));
    }
}
