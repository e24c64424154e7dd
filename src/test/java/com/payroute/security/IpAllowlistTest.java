package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class IpAllowlistTest {

    @Test
    void noListAllowsEveryone() {
        assertTrue(IpAllowlist.allows(null, "203.0.113.7"));
    }

    @Test
    void addressesAndBlocks() {
        List<String> list = List.of("10.0.0.0/8", "203.0.113.7", "2001:db8::/32");
        assertTrue(IpAllowlist.allows(list, "10.1.2.3"));
        assertTrue(IpAllowlist.allows(list, "203.0.113.7"));
        assertTrue(IpAllowlist.allows(list, "2001:db8:0:1::5"));
        assertFalse(IpAllowlist.allows(list, "11.0.0.1"));
        assertFalse(IpAllowlist.allows(list, "203.0.113.8"));
        assertFalse(IpAllowlist.allows(list, "2001:db9::1"));
        assertFalse(IpAllowlist.allows(list, null));
        assertFalse(IpAllowlist.allows(list, "not-an-address"), "never a DNS lookup");
        assertTrue(IpAllowlist.allows(List.of("192.168.1.0/26"), "192.168.1.63"));
        assertFalse(IpAllowlist.allows(List.of("192.168.1.0/26"), "192.168.1.64"));
    }
}
