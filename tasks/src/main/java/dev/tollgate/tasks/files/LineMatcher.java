package dev.tollgate.tasks.files;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Finds the first match in a line. Regular expressions use RE2 (re2j), whose running time is
 * linear in the input whatever the pattern: {@code (a+)+$} on a long line cannot stall the gateway.
 */
abstract class LineMatcher {
    /** The char index of the first match in {@code line}, or -1. */
    abstract int find(String line);

    static LineMatcher of(String pattern, boolean regex) {
        if (pattern == null || pattern.isEmpty()) throw new IllegalArgumentException("search pattern must not be empty");
        if (!regex) return new Literal(pattern);
        try {
            return new Regex(Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getMessage(), e);
        }
    }

    private static final class Literal extends LineMatcher {
        private final String needle;

        Literal(String needle) {
            this.needle = needle;
        }

        @Override
        int find(String line) {
            return line.indexOf(needle);
        }
    }

    private static final class Regex extends LineMatcher {
        private final Pattern pattern;

        Regex(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        int find(String line) {
            Matcher m = pattern.matcher(line);
            return m.find() ? m.start() : -1;
        }
    }
}
