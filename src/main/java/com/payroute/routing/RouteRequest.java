package com.payroute.routing;

import java.math.BigDecimal;
import java.util.Collection;

import com.payroute.money.PaymentType;

/** What is being routed; {@code excluded} are the channels this payment was already offered to. */
public record RouteRequest(String merchantId, PaymentType type, String currency, String bankCode, BigDecimal amount,
        Collection<String> excluded) {
}
