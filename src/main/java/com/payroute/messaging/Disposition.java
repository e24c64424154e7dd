package com.payroute.messaging;

/** What becomes of a delivered message once its handler is done. */
public enum Disposition {
    /** Everything the message caused is committed (or it changed nothing): remove it. */
    ACK,
    /** It changed nothing: what it asks for was done before (a duplicate or a late redelivery). Removed, and counted. */
    DUPLICATE,
    /** It could not be processed now (a dependency is down): hand it back after a pause. */
    RETRY,
    /** It can never be processed (unreadable): dead-letter it for ops. */
    DEAD_LETTER
}
