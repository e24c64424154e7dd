package com.payroute.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A merchant's allowed client addresses: single addresses or CIDR blocks, IPv4 or IPv6
 * ("10.0.0.0/8", "2001:db8::/32", "203.0.113.7"). No list means every address.
 */
public final class IpAllowlist {

    private IpAllowlist() {
    }

    public static boolean allows(List<String> allowlist, String address) {
        if (allowlist == null) {
            return true;
        }
        if (address == null) {
            return false;
        }
        byte[] client = parse(address);
        if (client == null) {
            return false;
        }
        for (String entry : allowlist) {
            if (matches(entry.trim(), client)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code entry} is a literal address or CIDR block (prefix within the address's bits). */
    public static boolean valid(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = parse(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        try {
            int bits = Integer.parseInt(entry.substring(slash + 1));
            return bits >= 0 && bits <= network.length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether {@code address} (a literal, resolved address) falls in any of {@code entries}. */
    public static boolean contains(List<String> entries, byte[] address) {
        for (String entry : entries) {
            if (matches(entry.trim(), address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, byte[] client) {
        int slash = entry.indexOf('/');
        byte[] network = parse(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null || network.length != client.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((network[i] & mask) != (client[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Literal addresses only: never a DNS lookup. */
    private static byte[] parse(String literal) {
        if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
