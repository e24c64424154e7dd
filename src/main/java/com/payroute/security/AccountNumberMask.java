package com.payroute.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one masking rule for account numbers: first 6 and last 4 digits stay, the rest become '*'. */
public final class AccountNumberMask {

    /** A run of 12 to 19 digits not touching other digits: anything shaped like an account number. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)\\d{12,19}(?!\\d)");

    private AccountNumberMask() {
    }

    public static String mask(String digits) {
        int hidden = digits.length() - 10;
        return digits.substring(0, 6) + "*".repeat(Math.max(hidden, 0)) + digits.substring(digits.length() - 4);
    }

    public static boolean containsAccountNumber(CharSequence text) {
        return text != null && DIGIT_RUN.matcher(text).find();
    }

    /** A channel's text as merchants and ops may see it: account numbers masked, at most 200 characters. */
    public static String channelText(String text) {
        String masked = maskAll(text);
        return masked == null || masked.length() <= 200 ? masked : masked.substring(0, 200);
    }

    public static String maskAll(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DIGIT_RUN.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, mask(m.group()));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
