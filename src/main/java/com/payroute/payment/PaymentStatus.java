package com.payroute.payment;

/** The public status of a payment. SUCCEEDED and FAILED are terminal and never change. */
public enum PaymentStatus {
    PROCESSING,
    SUCCEEDED,
    FAILED;

    public boolean terminal() {
        return this != PROCESSING;
    }
}
