package com.payroute.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Amounts are decimal strings on the wire, with exactly the currency's minor digits. */
public final class Money {

    private Money() {
    }

    /** ISO 4217 minor digits, or -1 for an unknown code or one without minor units (XAU, XDR...). */
    public static int minorDigits(String currency) {
        try {
            return Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException | NullPointerException e) {
            return -1;
        }
    }

    /** "270.00" for CNY, "270" for JPY. */
    public static String format(BigDecimal amount, String currency) {
        int digits = Math.max(0, minorDigits(currency));
        return amount.setScale(digits, RoundingMode.UNNECESSARY).toPlainString();
    }
}
