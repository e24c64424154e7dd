package com.payroute.payment;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payroute.notify.EventBody;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Payment events ({@code payment.succeeded}, {@code payment.failed}): their callback body is the
 * payment body of API.md section 1, as the merchant API shows it, so receivers of the first callbacks
 * keep working.
 */
@ApplicationScoped
public class PaymentEvents implements EventBody {

    private final PaymentLookup payments;
    private final ObjectMapper mapper;

    PaymentEvents(PaymentLookup payments, ObjectMapper mapper) {
        this.payments = payments;
        this.mapper = mapper;
    }

    /** The event a terminal status sends. */
    public static String type(PaymentStatus status) {
        return "payment." + status.name().toLowerCase();
    }

    @Override
    public String objectType() {
        return "payment";
    }

    @Override
    public Uni<Optional<JsonObject>> body(String merchantId, String paymentId) {
        return payments.byId(merchantId, paymentId)
                .map(found -> found.map(p -> new JsonObject(mapper.convertValue(PaymentView.of(p), java.util.Map.class))));
    }
}
