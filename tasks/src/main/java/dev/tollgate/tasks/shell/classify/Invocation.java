package dev.tollgate.tasks.shell.classify;

import java.util.List;

/**
 * One command about to be classified: its normalised name (basename), its arguments after the
 * name, what it reads on stdin, and whether more operands are supplied at run time (xargs, find
 * -exec), which makes its targets unknowable.
 */
record Invocation(String name, List<Arg> args, Data stdin, boolean implicitOperands) {

    /** A short label for reasons: the name and its first option cluster, such as {@code rm -rf}. */
    String label() {
        if (!args.isEmpty() && args.get(0).value() != null && args.get(0).value().startsWith("-")
                && args.get(0).value().length() <= 12) {
            return name + " " + args.get(0).value();
        }
        return name;
    }

    /** The label with a subcommand: {@code git push}, {@code kubectl delete}. */
    String label(String sub) {
        return sub == null ? name : name + " " + sub;
    }
}
