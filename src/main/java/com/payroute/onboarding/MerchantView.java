package com.payroute.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A merchant (business line) as admins see it; {@code notifySecret} only in the answer that made or
 * rotated it (answered once, never stored in clear).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record MerchantView(String id, String name, List<String> ipAllowlist, Integer rateLimitPerSecond, String duplicateWindow,
        String payoutReviewLimit, Instant createdAt, Instant updatedAt, String notifySecret, Instant previousSecretSignsUntil) {

    static MerchantView of(io.vertx.mutiny.sqlclient.Row row, String notifySecret) {
        String[] allow = row.getArrayOfStrings("ip_allowlist");
        java.math.BigDecimal limit = row.getBigDecimal("payout_review_limit");
        Object window = row.getValue("duplicate_window_seconds");
        return new MerchantView(row.getString("id"), row.getString("name"), allow == null ? null : List.of(allow),
                row.getInteger("rate_limit_per_second"),
                window == null ? null : Duration.ofSeconds(((Number) window).longValue()).toString(),
                limit == null ? null : limit.stripTrailingZeros().toPlainString(),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(), notifySecret,
                row.getOffsetDateTime("previous_secret_until") == null ? null : row.getOffsetDateTime("previous_secret_until").toInstant());
    }

    static final String COLUMNS = "id, name, ip_allowlist, rate_limit_per_second, extract(epoch from duplicate_window)::bigint "
            + "as duplicate_window_seconds, payout_review_limit, created_at, updated_at, "
            + "case when previous_secret_until > now() then previous_secret_until end as previous_secret_until";
}
