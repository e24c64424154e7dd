package com.payroute.messaging;

/** The broker cannot be reached now; the work stays in PostgreSQL for the sweeper to carry on. */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message) {
        super(message, null, false, false);
    }
}
