package com.payroute.payment;

/**
 * The public status of a payment. SUCCEEDED and FAILED are terminal and never change. ON_HOLD waits
 * for a review before it is sent anywhere: approved it goes on as PROCESSING, rejected it ends FAILED.
 */
public enum PaymentStatus {
    ON_HOLD,
    PROCESSING,
    SUCCEEDED,
    FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
