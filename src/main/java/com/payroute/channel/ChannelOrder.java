package com.payroute.channel;

import com.payroute.money.PaymentType;

/**
 * What a channel receives (API.md section 2). {@code orderNo} is the payment id, so a channel
 * that de-duplicates can recognise the same order; {@code amount} is already a decimal string.
 */
public record ChannelOrder(String orderNo, PaymentType type, String amount, String currency,
        String bankCode, String accountNumber, String holderName) {

    @Override
    public String toString() {
        return "ChannelOrder[" + orderNo + " " + type + " " + amount + " " + currency + "]"; // never the account
    }
}
