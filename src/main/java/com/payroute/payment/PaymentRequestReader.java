package com.payroute.payment;

import com.payroute.money.Money;
import com.payroute.money.PaymentType;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;

/**
 * Reads a payment request from raw bytes and checks every rule of API.md section 1, naming
 * every bad field at once. Works on the JSON tree, so a wrong type (an amount sent as a JSON
 * number) is a field error like any other rather than a parse failure. Error messages never
 * repeat the submitted values.
 */
@ApplicationScoped
public class PaymentRequestReader {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_METADATA_BYTES = 4 * 1024;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");

    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,10})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern BANK_CODE = Pattern.compile("[A-Z0-9_]{2,32}");
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{12,19}");
    private static final Set<String> FIELDS = Set.of("merchantOrderNo", "type", "amount", "currency", "account", "notifyUrl", "metadata");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("bankCode", "number", "holderName");

    private final ObjectReader reader;

    PaymentRequestReader(ObjectMapper mapper) {
        // Duplicate keys make a body mean two things: refuse it as malformed.
        this.reader = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public PaymentRequest read(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = body.length == 0 ? null : reader.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            root = null; // the parser's message quotes the input: never passed on
        }
        if (root == null || root.isMissingNode()) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the body is not well-formed JSON");
        }
        List<FieldError> errors = new ArrayList<>();
        if (!root.isObject()) {
            throw ApiException.validation(List.of(new FieldError("$", "must be a JSON object")));
        }
        unknownFields(root, "", FIELDS, errors);

        String orderNo = text(root, "merchantOrderNo", "merchantOrderNo", true, errors);
        if (orderNo != null && !ORDER_NO.matcher(orderNo).matches()) {
            errors.add(new FieldError("merchantOrderNo", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"));
        }

        PaymentType type = null;
        String typeText = text(root, "type", "type", true, errors);
        if (typeText != null) {
            try {
                type = PaymentType.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("type", "must be DEBIT or PAYOUT"));
            }
        }

        String currency = text(root, "currency", "currency", true, errors);
        if (currency != null && (!CURRENCY.matcher(currency).matches() || Money.minorDigits(currency) < 0)) {
            errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as CNY"));
            currency = null;
        }

        BigDecimal amount = amount(root, currency, errors);

        String bankCode = null;
        String number = null;
        String holderName = null;
        JsonNode account = root.get("account");
        if (account == null || account.isNull()) {
            errors.add(new FieldError("account", "is required"));
        } else if (!account.isObject()) {
            errors.add(new FieldError("account", "must be an object"));
        } else {
            unknownFields(account, "account.", ACCOUNT_FIELDS, errors);
            bankCode = text(account, "bankCode", "account.bankCode", true, errors);
            if (bankCode != null && !BANK_CODE.matcher(bankCode).matches()) {
                errors.add(new FieldError("account.bankCode", "must be 2 to 32 characters of A-Z, 0-9 or '_'"));
            }
            number = text(account, "number", "account.number", true, errors);
            if (number != null && !ACCOUNT_NUMBER.matcher(number).matches()) {
                errors.add(new FieldError("account.number", "must be 12 to 19 digits"));
            }
            holderName = text(account, "holderName", "account.holderName", true, errors);
            if (holderName != null && (holderName.isBlank() || holderName.length() > 128 || hasControl(holderName))) {
                errors.add(new FieldError("account.holderName", "must be 1 to 128 printable characters"));
            }
        }

        String notifyUrl = text(root, "notifyUrl", "notifyUrl", false, errors);
        if (notifyUrl != null && !isHttpUrl(notifyUrl)) {
            errors.add(new FieldError("notifyUrl", "must be an absolute http or https URL of at most 2048 characters"));
        }

        Map<String, String> metadata = metadata(root.get("metadata"), errors);

        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new PaymentRequest(orderNo, type, amount, currency, bankCode, number, holderName, notifyUrl, metadata);
    }

    private static BigDecimal amount(JsonNode root, String currency, List<FieldError> errors) {
        JsonNode node = root.get("amount");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("amount", "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("amount", "must be a decimal string such as \"270.00\", not a JSON " + kind(node)));
            return null;
        }
        String text = node.textValue();
        if (!DECIMAL.matcher(text).matches()) {
            errors.add(new FieldError("amount", "must be a plain decimal string such as \"270.00\""));
            return null;
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() <= 0) {
            errors.add(new FieldError("amount", "must be greater than 0"));
            return null;
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            errors.add(new FieldError("amount", "must be at most 1000000000.00"));
            return null;
        }
        if (currency != null && amount.scale() > Money.minorDigits(currency)) {
            errors.add(new FieldError("amount", "has more decimal places than " + currency + " allows ("
                    + Money.minorDigits(currency) + ")"));
            return null;
        }
        return amount;
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
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        if (node.toString().getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "must be at most 4 KiB"));
            return null;
        }
        return metadata;
    }

    private static String text(JsonNode parent, String name, String path, boolean required, List<FieldError> errors) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(path, "must be a string, not a JSON " + kind(node)));
            return null;
        }
        return node.textValue();
    }

    private static void unknownFields(JsonNode node, String prefix, Set<String> known, List<FieldError> errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(prefix + name, "is not a known field"));
            }
        }
    }

    private static boolean isHttpUrl(String text) {
        if (text.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
