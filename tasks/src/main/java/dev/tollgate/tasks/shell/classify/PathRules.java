package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RootMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a path argument points at, decided on strings (the classifier never touches the file
 * system): resolution against the working directory, system locations, ancestors of allowed roots,
 * devices, and exclude_globs.
 */
final class PathRules {
    /** Kinds of target; the first five make a destructive operation critical. */
    enum Kind {
        ROOT("/"), HOME("the home directory"), SYSTEM("a system path"), ROOT_ANCESTOR("an allowed root or its ancestor"),
        DEVICE("a device"), NETWORK("a network socket"), NULL_DEVICE("a standard stream"), DYNAMIC("a dynamic target"),
        NORMAL("a file");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean critical() {
            return ordinal() <= DEVICE.ordinal();
        }
    }

    private static final String[] SYSTEM_DIRS = {"/etc", "/usr", "/bin", "/sbin", "/boot", "/var", "/lib", "/lib32",
        "/lib64", "/libx32", "/sys", "/proc", "/dev", "/opt", "/root", "/home", "/run", "/snap", "/srv", "/mnt",
        "/media", "/System", "/Library", "/Applications", "/private", "/Users", "/Volumes", "/usr/local"};

    private final List<String> roots = new ArrayList<>();
    private final List<RootMode> modes = new ArrayList<>();
    private final Predicate<String> excluded;

    PathRules(List<AllowedRoot> allowed, Predicate<String> excluded) {
        for (AllowedRoot r : allowed) {
            roots.add(normalise(r.path().toString()));
            modes.add(r.mode());
        }
        this.excluded = excluded;
    }

    String firstRoot() {
        return roots.isEmpty() ? null : roots.get(0);
    }

    /** Absolute normalised form of {@code v} against {@code cwd} (null = unknown); {@code ~} maps to {@code /~}. */
    static String resolve(String v, String cwd) {
        if (v.isEmpty()) return null;
        if (v.charAt(0) == '~') return normalise("/~" + v.substring(1));
        if (v.charAt(0) == '/') return normalise(v);
        if (cwd == null) return null;
        return normalise(cwd + "/" + v);
    }

    /** Collapses {@code //}, {@code .} and {@code ..} textually (never above {@code /}). */
    static String normalise(String p) {
        if (isNormal(p)) return p;
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = p.length();
        while (i < n) {
            int j = p.indexOf('/', i);
            if (j < 0) j = n;
            String seg = p.substring(i, j);
            if (seg.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                parts.add(seg);
            }
            i = j + 1;
        }
        if (parts.isEmpty()) return "/";
        StringBuilder sb = new StringBuilder();
        for (String s : parts) sb.append('/').append(s);
        return sb.toString();
    }

    /** Already absolute and normal: no empty, "." or ".." segment and no trailing slash (the common case, without allocation). */
    private static boolean isNormal(String p) {
        int n = p.length();
        if (n == 0 || p.charAt(0) != '/') return false;
        if (n == 1) return true;
        if (p.charAt(n - 1) == '/') return false;
        for (int i = 0; i < n; i++) {
            if (p.charAt(i) != '/') continue;
            if (i + 1 < n && p.charAt(i + 1) == '/') return false;
            if (i + 1 < n && p.charAt(i + 1) == '.') {
                if (i + 2 == n || p.charAt(i + 2) == '/') return false;
                if (p.charAt(i + 2) == '.' && (i + 3 == n || p.charAt(i + 3) == '/')) return false;
            }
        }
        return true;
    }

    /** True when the argument, read as a path (also after {@code @}, {@code <} or {@code =}), matches exclude_globs. */
    boolean excluded(String v, String cwd) {
        if (v == null || v.isEmpty()) return false;
        if (test(v, cwd)) return true;
        if ((v.charAt(0) == '@' || v.charAt(0) == '<') && test(v.substring(1), cwd)) return true;
        int eq = v.indexOf('=');
        if (eq >= 0 && eq + 1 < v.length()) {
            String rhs = v.substring(eq + 1);
            if (test(rhs, cwd)) return true;
            if ((rhs.charAt(0) == '@' || rhs.charAt(0) == '<') && test(rhs.substring(1), cwd)) return true;
        }
        return false;
    }

    private boolean test(String v, String cwd) {
        if (v.isEmpty()) return false;
        // An unknown working directory: still test the path as if under "/", so "**/x" globs apply.
        String p = resolve(v, cwd == null ? "/" : cwd);
        return p != null && excluded.test(p);
    }

    Kind kind(Arg a, String cwd) {
        if (a.value() == null) return Kind.DYNAMIC;
        String v = a.value();
        if (a.glob()) {
            int g = firstGlob(v);
            int slash = v.lastIndexOf('/', g);
            if (slash < 0) return Kind.DYNAMIC;
            Kind dir = kind(v.substring(0, slash + 1), cwd);
            return dir.critical() ? dir : Kind.DYNAMIC;
        }
        return kind(v, cwd);
    }

    private static int firstGlob(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') return i;
        }
        return v.length();
    }

    Kind kind(String v, String cwd) {
        if (v.isEmpty()) return Kind.DYNAMIC;
        if (v.charAt(0) == '~') {
            String rest = normalise("/" + v.substring(1));
            int slash = v.indexOf('/');
            // "~", "~/", "~user": the home directory itself.
            if (rest.equals("/") || slash < 0) return Kind.HOME;
            return Kind.NORMAL;
        }
        String p = resolve(v, cwd);
        if (p == null) return Kind.DYNAMIC;
        return kindOfAbsolute(p);
    }

    Kind kindOfAbsolute(String p) {
        if (p.equals("/")) return Kind.ROOT;
        if (p.startsWith("/dev/")) {
            if (p.equals("/dev/null") || p.equals("/dev/stdout") || p.equals("/dev/stderr") || p.equals("/dev/stdin")
                    || p.equals("/dev/tty") || p.startsWith("/dev/fd/")) return Kind.NULL_DEVICE;
            if (p.startsWith("/dev/tcp/") || p.startsWith("/dev/udp/")) return Kind.NETWORK;
            return Kind.DEVICE;
        }
        for (String r : roots) {
            if (r.equals(p) || r.startsWith(p + "/")) return Kind.ROOT_ANCESTOR;
        }
        for (String r : roots) {
            if (p.startsWith(r + "/")) return Kind.NORMAL;
        }
        if (p.equals("/tmp") || p.equals("/~")) return p.equals("/~") ? Kind.HOME : Kind.SYSTEM;
        for (String s : SYSTEM_DIRS) {
            if (p.equals(s) || p.startsWith(s + "/")) return Kind.SYSTEM;
        }
        return Kind.NORMAL;
    }

    /** The mode of the most specific root containing the absolute path, or null outside all roots. */
    RootMode modeOf(String p) {
        RootMode mode = null;
        int best = -1;
        for (int i = 0; i < roots.size(); i++) {
            String r = roots.get(i);
            if ((p.equals(r) || p.startsWith(r.equals("/") ? "/" : r + "/")) && r.length() > best) {
                best = r.length();
                mode = modes.get(i);
            }
        }
        return mode;
    }

    static String cwdString(Path cwd) {
        return cwd == null ? null : normalise(cwd.toString());
    }
}
