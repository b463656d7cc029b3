package dev.tollgate.engine.util;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers and secrets. Ids are unguessable (SecureRandom) because agents learn only their
 * own; formats follow Zehrava Gate: a prefix and 16 lowercase hex digits.
 */
public final class Ids {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.get().nextBytes(b);
        return HEX.formatHex(b);
    }

    public static String intent() { return "int_" + hex(8); }
    public static String agent() { return "agt_" + hex(8); }
    public static String reviewer() { return "rev_" + hex(8); }
    public static String execution() { return "exe_" + hex(8); }
    public static String event() { return "evt_" + hex(8); }
    public static String webhook() { return "whk_" + hex(8); }
    public static String delivery() { return "dlv_" + hex(8); }
}
