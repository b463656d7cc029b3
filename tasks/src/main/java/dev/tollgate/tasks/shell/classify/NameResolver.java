package dev.tollgate.tasks.shell.classify;

import java.util.Set;

/**
 * SPEC §7.4 steps 3–4 for the command name: a literal after quote removal, printable ASCII,
 * reduced to its basename when it is an absolute path in a system binary directory; a relative
 * path is a script file.
 */
final class NameResolver {
    private static final Set<String> BIN_DIRS = Set.of("/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin");

    enum Kind { COMMAND, SCRIPT, DYNAMIC, INVALID, BAD_PATH }

    record Result(Kind kind, String name, boolean quoted) {}

    private NameResolver() {}

    static Result resolve(Arg a) {
        if (a.value() == null || a.glob()) return new Result(Kind.DYNAMIC, a.display(), a.quoted());
        String v = a.value();
        if (v.isEmpty()) return new Result(Kind.DYNAMIC, "''", a.quoted());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return new Result(Kind.INVALID, v, a.quoted());
        }
        int slash = v.lastIndexOf('/');
        if (slash < 0) return new Result(Kind.COMMAND, v, a.quoted());
        if (v.charAt(0) == '/') {
            String dir = v.substring(0, slash);
            String base = v.substring(slash + 1);
            if (BIN_DIRS.contains(dir) && !base.isEmpty() && !base.equals("..") && !base.equals(".")) {
                return new Result(Kind.COMMAND, base, a.quoted());
            }
            return new Result(Kind.BAD_PATH, v, a.quoted());
        }
        return new Result(Kind.SCRIPT, v, a.quoted());
    }
}
