package com.payroute.security;

/** Policies for tests of other packages (the constructor is package-private). */
public final class UrlPolicyTestSupport {

    private UrlPolicyTestSupport() {
    }

    public static UrlPolicy prod() {
        return UrlPolicyTest.prod();
    }
}
