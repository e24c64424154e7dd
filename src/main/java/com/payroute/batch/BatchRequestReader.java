package com.payroute.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.payroute.api.BodyLimits;
import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.api.JsonFields;
import com.payroute.security.UrlPolicy;
import com.payroute.money.PaymentType;

/**
 * Reads a batch request: its own fields strictly; its items only as far as "an array of at most
 * {@code maxItems}": each item is checked on its own by the intake, so one bad item never refuses
 * the others.
 */
@ApplicationScoped
public class BatchRequestReader {

    private static final Pattern BATCH_NO = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("merchantBatchNo", "type", "notifyUrl", "items");

    private final ObjectReader reader;
    private final BatchConfig config;

    private final UrlPolicy urls;

    BatchRequestReader(ObjectMapper mapper, BatchConfig config, UrlPolicy urls) {
        this.urls = urls;
        this.reader = JsonFields.strictReader(mapper);
        this.config = config;
    }

    public BatchRequest read(byte[] body) {
        JsonNode root = JsonFields.object(reader, body, BodyLimits.BATCH_BYTES);
        List<FieldError> errors = new ArrayList<>();
        JsonFields.unknownFields(root, "", FIELDS, errors);
        String batchNo = JsonFields.text(root, "merchantBatchNo", "merchantBatchNo", true, errors);
        if (batchNo != null && !BATCH_NO.matcher(batchNo).matches()) {
            errors.add(new FieldError("merchantBatchNo", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"));
        }
        PaymentType type = null;
        String typeText = JsonFields.text(root, "type", "type", true, errors);
        if (typeText != null) {
            try {
                type = PaymentType.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("type", "must be DEBIT or PAYOUT"));
            }
        }
        String notifyUrl = JsonFields.text(root, "notifyUrl", "notifyUrl", false, errors);
        if (notifyUrl != null && !JsonFields.isHttpUrl(notifyUrl)) {
            errors.add(new FieldError("notifyUrl", "must be an absolute http or https URL of at most 2048 characters"));
        } else if (notifyUrl != null) {
            urls.refusal(notifyUrl, UrlPolicy.Use.NOTIFY).ifPresent(why -> errors.add(new FieldError("notifyUrl", why)));
        }
        List<JsonNode> items = new ArrayList<>();
        JsonNode array = root.get("items");
        if (array == null || array.isNull()) {
            errors.add(new FieldError("items", "is required"));
        } else if (!array.isArray()) {
            errors.add(new FieldError("items", "must be an array of payment requests"));
        } else if (array.isEmpty() || array.size() > config.maxItems()) {
            errors.add(new FieldError("items", "must hold 1 to " + config.maxItems() + " items"));
        } else {
            array.forEach(items::add);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new BatchRequest(batchNo, type, notifyUrl, items);
    }
}
