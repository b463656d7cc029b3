package dev.tollgate.engine.auth;

import dev.tollgate.engine.util.Ids;

/** The kinds of secret Tollgate issues; each is 24 random bytes (48 hex) after its prefix. */
public enum KeyKind {
    ADMIN("gate_admin_"), REVIEWER("gate_rk_"), AGENT("gate_sk_"), EXECUTION_TOKEN("gex_");

    private final String prefix;

    KeyKind(String prefix) { this.prefix = prefix; }

    public String prefix() { return prefix; }

    public String generate() {
        return prefix + Ids.hex(this == EXECUTION_TOKEN ? 20 : 24);
    }

    public static KeyKind ofKey(String key) {
        if (key == null) return null;
        for (KeyKind k : values()) if (key.startsWith(k.prefix)) return k;
        return null;
    }
}
