package dev.tollgate.proxy.destination;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path as destination rules see it: either clear segments, or unclear, when servers
 * could disagree about which resource it names. Tollgate never resolves {@code ..} itself, so an
 * unclear path is never matched against a rule's path (see the package documentation).
 */
public sealed interface RequestPath {

    /**
     * @param segments the path's segments after decoding unreserved escapes, without the
     *                 leading slash and without one trailing slash; empty for {@code /}
     */
    record Clear(List<String> segments) implements RequestPath {
        public Clear { segments = List.copyOf(segments); }
    }

    /** @param reason why servers could read it differently, for logs and {@code destinations test} */
    record Unclear(String reason) implements RequestPath {}

    /** @param raw the path as on the wire, without query; null when there is none (CONNECT) */
    static RequestPath of(String raw) {
        if (raw == null) return new Unclear("is unknown (a CONNECT tunnel can carry any path)");
        return normalize(raw.isEmpty() ? "/" : raw);
    }

    /**
     * Shared by requests and globs, so that both sides are normalised identically: decodes
     * percent-escapes of unreserved characters, upper-cases the hex of the others, and refuses
     * whatever servers could read in more than one way. ({@code *} is a plain sub-delim here;
     * only {@link PathGlob} gives it a meaning.)
     */
    static RequestPath normalize(String raw) {
        if (!raw.startsWith("/")) return new Unclear("does not start with /");
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) return new Unclear("has a malformed percent-escape");
                char decoded = (char) (hi * 16 + lo);
                if (decoded == '/') return new Unclear("has an encoded slash (%2F)");
                if (decoded == '\\') return new Unclear("has an encoded backslash (%5C)");
                if (isUnreserved(decoded)) {
                    out.append(decoded);
                } else {
                    out.append('%').append(Character.toUpperCase(raw.charAt(i + 1)))
                            .append(Character.toUpperCase(raw.charAt(i + 2)));
                }
                i += 2;
            } else if (c == '\\') {
                return new Unclear("has a backslash, which some servers read as /");
            } else if (c == ';') {
                return new Unclear("has ';' (path parameters, which some servers strip)");
            } else if (c == '?' || c == '#') {
                return new Unclear("has '" + c + "' (a query or fragment is not part of the path)");
            } else if (c == '/' || isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@') {
                out.append(c);
            } else {
                return new Unclear("has a character not allowed in a path: " + describe(c));
            }
        }
        String[] parts = out.toString().split("/", -1);
        int end = parts.length;
        if (end > 1 && parts[end - 1].isEmpty()) end--; // one trailing slash is not significant
        List<String> segments = new ArrayList<>(end - 1);
        for (int i = 1; i < end; i++) {
            String s = parts[i];
            if (s.isEmpty()) return new Unclear("has an empty segment (//)");
            if (s.equals(".") || s.equals("..")) return new Unclear("has a '" + s + "' segment");
            segments.add(s);
        }
        return new Clear(segments);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 sub-delims except ';', which {@link #normalize} handles first. */
    private static boolean isSubDelim(char c) {
        return "!$&'()*+,=".indexOf(c) >= 0;
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
