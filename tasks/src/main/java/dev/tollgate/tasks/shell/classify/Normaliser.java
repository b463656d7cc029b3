package dev.tollgate.tasks.shell.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * The normalised argv that allow and block entries are matched against: basename of the name,
 * quote-removed arguments (null for dynamic ones), and for git the global options removed, so
 * that {@code git -C x push --force} is still {@code git push --force}.
 */
final class Normaliser {
    private Normaliser() {}

    static List<String> argv(String name, List<Arg> args) {
        List<String> out = new ArrayList<>(args.size() + 1);
        out.add(name);
        int start = name.equals("git") ? GitRules.subcommandIndex(args) : 0;
        for (int i = start; i < args.size(); i++) {
            Arg a = args.get(i);
            out.add(a.literal() ? a.value() : null);
        }
        return out;
    }
}
