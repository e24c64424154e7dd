package com.payroute.batch;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payroute.notify.EventBody;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** The batch event ({@code batch.completed}): its callback body is the batch body, sent to the batch's notifyUrl. */
@ApplicationScoped
public class BatchEvents implements EventBody {

    static final String COMPLETED = "batch.completed";

    private final BatchLookup batches;
    private final ObjectMapper mapper;

    BatchEvents(BatchLookup batches, ObjectMapper mapper) {
        this.batches = batches;
        this.mapper = mapper;
    }

    @Override
    public String objectType() {
        return "batch";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Uni<Optional<JsonObject>> body(String merchantId, String batchId) {
        return batches.byId(merchantId, batchId).map(found -> found.map(b -> new JsonObject(mapper.convertValue(BatchView.of(b), Map.class))));
    }
}
