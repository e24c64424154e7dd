package com.payroute.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking rule for account numbers: at least half of the digits are hidden whatever the
 * length, and never fewer than all but ten. The last four stay (what a customer recognises), then as
 * many leading digits as the rule leaves: 19 digits show 6 + 4 ("622202*********9767"), 16 show
 * 4 + 4, 12 show 2 + 4.
 */
public final class AccountNumberMask {

    /**
     * Anything shaped like an account number: 12 to 19 digits not touching other digits, also when
     * written in groups separated by single spaces or dashes ("6222 0215 0700 1069 767").
     */
    private static final Pattern ACCOUNT_SHAPED = Pattern.compile("(?<![\\d])\\d(?:[ -]?\\d){11,18}(?![ -]?\\d)");

    private AccountNumberMask() {
    }

    public static String mask(String digits) {
        int hidden = Math.max(digits.length() - 10, digits.length() / 2);
        int shown = digits.length() - hidden;
        int head = Math.max(0, shown - 4);
        int tail = shown - head;
        return digits.substring(0, head) + "*".repeat(hidden) + digits.substring(digits.length() - tail);
    }

    public static boolean containsAccountNumber(CharSequence text) {
        return text != null && ACCOUNT_SHAPED.matcher(text).find();
    }

    /** A channel's text as merchants and ops may see it: account numbers masked, at most 200 characters. */
    public static String channelText(String text) {
        String masked = maskAll(text);
        return masked == null || masked.length() <= 200 ? masked : masked.substring(0, 200);
    }

    /** Masks every account-shaped run, separators included (the digits are joined before masking). */
    public static String maskAll(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ACCOUNT_SHAPED.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, mask(m.group().replace(" ", "").replace("-", "")));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
