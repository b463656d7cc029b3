package dev.tollgate.proxy.destination;

import java.util.List;

/**
 * The {@code path} of a destination rule: {@code *} matches within one segment, {@code **} (a
 * whole segment) matches zero or more segments, everything else is literal and case-sensitive.
 * The glob is normalised like request paths ({@link RequestPath#normalize}), so {@code /%7Euser}
 * and {@code /~user} are the same glob, and a trailing slash is dropped.
 *
 * @param text     the glob as written
 * @param segments its normalised segments, {@code **} kept as is
 */
public record PathGlob(String text, List<String> segments) {
    public PathGlob {
        segments = List.copyOf(segments);
    }

    /**
     * @throws IllegalArgumentException with a message for the operator when {@code text} is not a
     *         glob that could ever match a (clear) request path
     */
    public static PathGlob parse(String text) {
        if (!text.startsWith("/")) throw new IllegalArgumentException("must start with /");
        RequestPath normalized = RequestPath.normalize(text);
        if (normalized instanceof RequestPath.Unclear u) {
            throw new IllegalArgumentException(u.reason()
                    + ": requests with such paths never match a rule's path, so this glob could never match");
        }
        List<String> segments = ((RequestPath.Clear) normalized).segments();
        for (String s : segments) {
            if (s.contains("**") && !s.equals("**")) {
                throw new IllegalArgumentException("\"" + s + "\": ** must be a whole segment, as in /a/**/b");
            }
        }
        return new PathGlob(text, segments);
    }

    /** True for {@code /**}: such a rule does not depend on the path at all. */
    public boolean matchesEverything() {
        return segments.equals(List.of("**"));
    }

    public boolean matches(RequestPath.Clear path) {
        return matches(path.segments());
    }

    /** Segment-wise glob match; dynamic programming, so many {@code **} cannot blow up. */
    boolean matches(List<String> path) {
        int g = segments.size();
        int p = path.size();
        // fit[i][j]: glob segments i.. match path segments j..
        boolean[][] fit = new boolean[g + 1][p + 1];
        fit[g][p] = true;
        for (int i = g - 1; i >= 0; i--) {
            String s = segments.get(i);
            for (int j = p; j >= 0; j--) {
                if (s.equals("**")) {
                    fit[i][j] = fit[i + 1][j] || (j < p && fit[i][j + 1]);
                } else {
                    fit[i][j] = j < p && fit[i + 1][j + 1] && segmentMatches(s, path.get(j));
                }
            }
        }
        return fit[0][0];
    }

    /** {@code *} matches any run of characters within the segment; linear with backtracking to the last star. */
    static boolean segmentMatches(String pattern, String segment) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < segment.length()) {
            if (pi < pattern.length() && pattern.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (pi < pattern.length() && pattern.charAt(pi) == segment.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pattern.length() && pattern.charAt(pi) == '*') pi++;
        return pi == pattern.length();
    }
}
