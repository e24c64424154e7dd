package com.payroute.payment;

import com.payroute.money.Money;
import com.payroute.money.PaymentType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import com.payroute.security.AccountNumberMask;

/**
 * Reads a payment request from raw bytes and checks every rule of API.md section 1, naming
 * every bad field at once. Works on the JSON tree, so a wrong type (an amount sent as a JSON
 * number) is a field error like any other rather than a parse failure. Error messages never
 * repeat the submitted values.
 */
@ApplicationScoped
public class PaymentRequestReader {

    static final int MAX_METADATA_BYTES = 4 * 1024;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");

    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern BANK_CODE = Pattern.compile("[A-Z0-9_]{2,32}");
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{12,19}");
    private static final Set<String> FIELDS = Set.of("merchantOrderNo", "type", "amount", "currency", "account", "notifyUrl", "metadata",
            "allowDuplicate");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("bankCode", "number", "holderName");

    private final ObjectReader reader;
    private final UrlPolicy urls;

    PaymentRequestReader(ObjectMapper mapper, UrlPolicy urls) {
        this.urls = urls;
        // Duplicate keys make a body mean two things: refuse it as malformed.
        this.reader = JsonFields.strictReader(mapper);
    }

    public PaymentRequest read(byte[] body) {
        return read(JsonFields.object(reader, body, BodyLimits.BODY_BYTES));
    }

    /** Checks one payment request already parsed (a batch item is one). */
    public PaymentRequest read(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (!root.isObject()) {
            throw ApiException.validation(List.of(new FieldError("$", "must be a JSON object")));
        }
        JsonFields.unknownFields(root, "", FIELDS, errors);

        String orderNo = JsonFields.text(root, "merchantOrderNo", "merchantOrderNo", true, errors);
        if (orderNo != null && !ORDER_NO.matcher(orderNo).matches()) {
            errors.add(new FieldError("merchantOrderNo", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"));
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

        String currency = JsonFields.text(root, "currency", "currency", true, errors);
        if (currency != null && (!CURRENCY.matcher(currency).matches() || Money.minorDigits(currency) < 0)) {
            errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as CNY"));
            currency = null;
        }

        BigDecimal amount = JsonFields.amount(root, "amount", MAX_AMOUNT, currency == null ? -1 : Money.minorDigits(currency),
                currency, errors);

        String bankCode = null;
        String number = null;
        String holderName = null;
        JsonNode account = root.get("account");
        if (account == null || account.isNull()) {
            errors.add(new FieldError("account", "is required"));
        } else if (!account.isObject()) {
            errors.add(new FieldError("account", "must be an object"));
        } else {
            JsonFields.unknownFields(account, "account.", ACCOUNT_FIELDS, errors);
            bankCode = JsonFields.text(account, "bankCode", "account.bankCode", true, errors);
            if (bankCode != null && !BANK_CODE.matcher(bankCode).matches()) {
                errors.add(new FieldError("account.bankCode", "must be 2 to 32 characters of A-Z, 0-9 or '_'"));
            }
            number = JsonFields.text(account, "number", "account.number", true, errors);
            if (number != null && !ACCOUNT_NUMBER.matcher(number).matches()) {
                errors.add(new FieldError("account.number", "must be 12 to 19 digits"));
            }
            holderName = JsonFields.text(account, "holderName", "account.holderName", true, errors);
            if (holderName != null && (holderName.isBlank() || holderName.length() > 128 || hasControl(holderName))) {
                errors.add(new FieldError("account.holderName", "must be 1 to 128 printable characters"));
            }
        }

        String notifyUrl = JsonFields.text(root, "notifyUrl", "notifyUrl", false, errors);
        if (notifyUrl != null && !JsonFields.isHttpUrl(notifyUrl)) {
            errors.add(new FieldError("notifyUrl", "must be an absolute http or https URL of at most 2048 characters"));
        } else if (notifyUrl != null) {
            urls.refusal(notifyUrl, UrlPolicy.Use.NOTIFY).ifPresent(why -> errors.add(new FieldError("notifyUrl", why)));
        }

        Map<String, String> metadata = metadata(root.get("metadata"), errors);

        boolean allowDuplicate = false;
        JsonNode allow = root.get("allowDuplicate");
        if (allow != null && !allow.isNull()) {
            if (allow.isBoolean()) {
                allowDuplicate = allow.booleanValue();
            } else {
                errors.add(new FieldError("allowDuplicate", "must be true or false, not a JSON " + JsonFields.kind(allow)));
            }
        }

        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new PaymentRequest(orderNo, type, amount, currency, bankCode, number, AccountNumberMask.maskAll(holderName), notifyUrl, metadata,
                allowDuplicate);
    }

    private static Map<String, String> metadata(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("metadata", "must be an object of string values"));
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().isEmpty() || entry.getKey().length() > 64) {
                errors.add(new FieldError("metadata", "keys must be 1 to 64 characters"));
                return null;
            }
            if (!entry.getValue().isTextual()) {
                errors.add(new FieldError("metadata." + entry.getKey(), "must be a string (metadata is a flat string map)"));
                return null;
            }
            if (entry.getKey().indexOf('\0') >= 0 || entry.getValue().textValue().indexOf('\0') >= 0) {
                errors.add(new FieldError("metadata", "keys and values must not contain the NUL character"));
                return null;
            }
            // shown back as given, except an account number written into it: kept masked, never in clear
            metadata.put(entry.getKey(), AccountNumberMask.maskAll(entry.getValue().textValue()));
        }
        if (node.toString().getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "must be at most 4 KiB"));
            return null;
        }
        return metadata;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

}
