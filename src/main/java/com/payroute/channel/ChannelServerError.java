package com.payroute.channel;

/** The channel answered 5xx: it may or may not have acted on the order. Counts against its circuit. */
public class ChannelServerError extends RuntimeException {

    private final int httpStatus;

    public ChannelServerError(int httpStatus) {
        super("channel answered HTTP " + httpStatus, null, false, false);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
