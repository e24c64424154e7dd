package com.payroute.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The authenticated merchant of a request, once its client address passed the merchant's IP
 * allowlist (403 IP_NOT_ALLOWED otherwise, counted per merchant). Behind a proxy, enable
 * quarkus.http.proxy.proxy-address-forwarding so the address is the client's.
 */
@ApplicationScoped
public class MerchantAccess {

    private static final Logger LOG = Logger.getLogger(MerchantAccess.class);

    private final MeterRegistry registry;

    MerchantAccess(MeterRegistry registry) {
        this.registry = registry;
    }

    @SuppressWarnings("unchecked")
    public String merchantId(SecurityIdentity identity) {
        String merchantId = identity.getPrincipal().getName();
        List<String> allowlist = (List<String>) identity.getAttribute(CredentialIdentityProvider.IP_ALLOWLIST_ATTRIBUTE);
        String address = identity.getAttribute(CredentialIdentityProvider.CLIENT_ADDRESS_ATTRIBUTE);
        if (!IpAllowlist.allows(allowlist, address)) {
            registry.counter("payroute.security.ip.rejected", "merchant", merchantId).increment();
            LOG.warnf("merchant %s called from %s, which is not on its allowlist", merchantId, address);
            throw new ApiException(ErrorCode.IP_NOT_ALLOWED, "this client address may not use this merchant's key");
        }
        return merchantId;
    }
}
