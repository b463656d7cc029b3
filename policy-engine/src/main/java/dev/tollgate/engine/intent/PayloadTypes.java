package dev.tollgate.engine.intent;

import java.util.Locale;

/**
 * The payload hint stored with an intent (type only, never content). The policy evaluator has its
 * own type rules for {@code allowed_types}; this is what reviewers see.
 */
final class PayloadTypes {
    private PayloadTypes() {}

    static String of(Proposal p) {
        if (p.payloadType() != null) return p.payloadType();
        String s = p.payload();
        if (s == null || s.isEmpty()) return "none";
        String t = s.strip();
        if (t.startsWith("{") || t.startsWith("[")) return "json";
        if (t.length() < 1024 && t.indexOf(' ') < 0 && t.indexOf('\n') < 0) {
            int dot = t.lastIndexOf('.');
            if (dot > 0 && dot < t.length() - 1 && t.length() - dot <= 11) {
                return t.substring(dot + 1).toLowerCase(Locale.ROOT);
            }
        }
        return "text";
    }
}
