package com.payroute.onboarding;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * POST /admin/merchants (id and name required) and PATCH /admin/merchants/{id} (any but id).
 * {@code duplicateWindow}: ISO-8601 duration ("PT24H"); {@code payoutReviewLimit}: decimal string;
 * {@code ipAllowlist}: addresses or CIDR blocks (empty list: any address).
 */
@RegisterForReflection
public record MerchantChange(String id, String name, List<String> ipAllowlist, Integer rateLimitPerSecond, String duplicateWindow,
        String payoutReviewLimit) {
}
