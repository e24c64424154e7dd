package com.payroute.api;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * How every merchant request body is read (API.md section 1): parsed from raw bytes with a size cap
 * and duplicate keys refused, then checked field by field on the JSON tree, so a wrong type is a
 * field error like any other and every bad field is named at once. Messages never repeat the
 * submitted values.
 */
public final class JsonFields {

    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,10})?");

    private JsonFields() {
    }

    /** A reader that refuses duplicate keys: a body with one means two things. */
    public static ObjectReader strictReader(ObjectMapper mapper) {
        return mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** The body as a JSON object: 413 over {@code maxBytes}, 400 MALFORMED_JSON or VALIDATION_FAILED otherwise. */
    public static JsonNode object(ObjectReader reader, byte[] body, int maxBytes) {
        if (body.length > maxBytes) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds " + maxBytes + " bytes");
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
        if (!root.isObject()) {
            throw ApiException.validation(List.of(new FieldError("$", "must be a JSON object")));
        }
        return root;
    }

    /** A string field, or null (with an error when it is required or not a string). */
    public static String text(JsonNode parent, String name, String path, boolean required, List<FieldError> errors) {
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

    /** Names every field of {@code node} that is not one of {@code known}: a misspelt field must not be ignored. */
    public static void unknownFields(JsonNode node, String prefix, Set<String> known, List<FieldError> errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(prefix + name, "is not a known field"));
            }
        }
    }

    /**
     * A required amount: a plain decimal string ("270.00"; no exponent, sign or leading zeros), above
     * zero, at most {@code max}, with at most {@code minorDigits} decimals (negative: not checked).
     */
    public static BigDecimal amount(JsonNode parent, String path, BigDecimal max, int minorDigits, String currency,
            List<FieldError> errors) {
        JsonNode node = parent.get("amount");
        if (node == null || node.isNull()) {
            errors.add(new FieldError(path, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(path, "must be a decimal string such as \"270.00\", not a JSON " + kind(node)));
            return null;
        }
        String text = node.textValue();
        if (!DECIMAL.matcher(text).matches()) {
            errors.add(new FieldError(path, "must be a plain decimal string such as \"270.00\""));
            return null;
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() <= 0) {
            errors.add(new FieldError(path, "must be greater than 0"));
            return null;
        }
        if (amount.compareTo(max) > 0) {
            errors.add(new FieldError(path, "must be at most " + max.toPlainString()));
            return null;
        }
        if (minorDigits >= 0 && amount.scale() > minorDigits) {
            errors.add(new FieldError(path, "has more decimal places than " + currency + " allows (" + minorDigits + ")"));
            return null;
        }
        return amount;
    }

    /** An absolute http(s) URL with a host, at most 2048 characters (where it may point is checked elsewhere). */
    public static boolean isHttpUrl(String text) {
        if (text.length() > 2048) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(text);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
