package dev.tollgate.tasks.shell.classify;

import java.util.Set;

/**
 * Variables whose value changes what program runs or what code a program loads (SPEC §7.4 step 3,
 * plus a few of the same nature the spec's list implies: other tools' pagers, askpass helpers,
 * exported bash functions and interpreter start-up hooks).
 */
final class DangerousVariables {
    private static final Set<String> NAMES = Set.of("BASH_ENV", "ENV", "PROMPT_COMMAND", "PS4", "SHELLOPTS", "BASHOPTS",
            "IFS", "PATH", "GIT_SSH_COMMAND", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_EDITOR", "PAGER", "EDITOR", "VISUAL",
            "GIT_SSH", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_PROXY_COMMAND", "GIT_EXEC_PATH", "GIT_CONFIG", "GIT_DIR",
            "GIT_SEQUENCE_EDITOR", "MANPAGER", "LESSOPEN", "LESSCLOSE", "SYSTEMD_PAGER", "NODE_OPTIONS", "PYTHONSTARTUP",
            "PYTHONPATH", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "CDPATH", "GLOBIGNORE",
            "BASH_LOADABLES_PATH", "EXECIGNORE", "BROWSER", "SUDO_ASKPASS", "FCEDIT");
    private static final String[] PREFIXES = {"LD_", "DYLD_", "GIT_CONFIG_", "BASH_FUNC_", "GIT_TRACE"};

    private DangerousVariables() {}

    static boolean isDangerous(String name) {
        if (NAMES.contains(name)) return true;
        for (String p : PREFIXES) if (name.startsWith(p)) return true;
        return false;
    }
}
