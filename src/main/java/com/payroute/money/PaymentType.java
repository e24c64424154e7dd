package com.payroute.money;

/** DEBIT collects money from the account (quick pay, direct debit); PAYOUT pays money to it. */
public enum PaymentType {
    DEBIT,
    PAYOUT
}
