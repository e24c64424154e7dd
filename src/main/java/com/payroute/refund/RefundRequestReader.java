package com.payroute.refund;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.api.JsonFields;
import com.payroute.security.AccountNumberMask;

/** Reads a refund request ({@code merchantRefundNo}, {@code amount}, optional {@code reason}) as strictly as a payment. */
@ApplicationScoped
public class RefundRequestReader {

    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");
    private static final Pattern REFUND_NO = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("merchantRefundNo", "amount", "reason");

    private final ObjectReader reader;

    RefundRequestReader(ObjectMapper mapper) {
        this.reader = JsonFields.strictReader(mapper);
    }

    public RefundRequest read(byte[] body) {
        JsonNode root = JsonFields.object(reader, body, MAX_BODY_BYTES);
        List<FieldError> errors = new ArrayList<>();
        JsonFields.unknownFields(root, "", FIELDS, errors);
        String refundNo = JsonFields.text(root, "merchantRefundNo", "merchantRefundNo", true, errors);
        if (refundNo != null && !REFUND_NO.matcher(refundNo).matches()) {
            errors.add(new FieldError("merchantRefundNo", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"));
        }
        BigDecimal amount = JsonFields.amount(root, "amount", MAX_AMOUNT, -1, null, errors);
        String reason = JsonFields.text(root, "reason", "reason", false, errors);
        if (reason != null && (reason.length() > 256 || reason.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("reason", "must be at most 256 printable characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        // free text is shown back: an account number written into it is kept masked, never in clear
        return new RefundRequest(refundNo, amount, AccountNumberMask.maskAll(reason));
    }
}
