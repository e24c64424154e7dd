package com.payroute.refund;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payroute.notify.EventBody;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Refund events ({@code refund.succeeded}, {@code refund.failed}): their callback body is the refund body. */
@ApplicationScoped
public class RefundEvents implements EventBody {

    private final RefundLookup refunds;
    private final ObjectMapper mapper;

    RefundEvents(RefundLookup refunds, ObjectMapper mapper) {
        this.refunds = refunds;
        this.mapper = mapper;
    }

    /** The event a terminal status sends. */
    static String type(RefundStatus status) {
        return "refund." + status.name().toLowerCase();
    }

    @Override
    public String objectType() {
        return "refund";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Uni<Optional<JsonObject>> body(String merchantId, String refundId) {
        return refunds.byId(merchantId, refundId)
                .map(found -> found.map(r -> new JsonObject(mapper.convertValue(RefundView.of(r), Map.class))));
    }
}
