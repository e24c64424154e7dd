package com.payroute.security;

/** Merchants (business lines) and ops authenticate separately, against separate credential tables. */
public enum Realm {
    MERCHANT,
    OPS;

    static Realm forPath(String path) {
        return path.startsWith("/admin") ? OPS : MERCHANT;
    }
}
