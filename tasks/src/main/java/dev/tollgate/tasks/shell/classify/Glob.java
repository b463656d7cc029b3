package dev.tollgate.tasks.shell.classify;

/** {@code *}-only wildcard matching (list entries, protected branches); linear, no regex. */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String s) {
        if (pattern.indexOf('*') < 0) return pattern.equals(s);
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }
}
