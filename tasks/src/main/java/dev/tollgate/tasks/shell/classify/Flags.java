package dev.tollgate.tasks.shell.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Option scanning shared by the rules. Deliberately generous: a short option letter is found in
 * any cluster ({@code -rf} has {@code r}), so that an unusual spelling never hides a flag; the
 * price is an occasional over-estimate, which only ever raises the risk.
 */
final class Flags {
    private Flags() {}

    /** True when a literal argument before {@code --} is one of the long options (also as {@code --x=v}) or a short cluster containing one of {@code shorts}. */
    static boolean has(List<Arg> args, String shorts, String... longs) {
        for (Arg a : args) {
            String v = a.value();
            if (v == null) continue;
            if (v.equals("--")) return false;
            if (v.startsWith("--")) {
                for (String l : longs) {
                    if (v.equals(l) || (v.startsWith(l) && v.length() > l.length() && v.charAt(l.length()) == '=')) return true;
                }
            } else if (v.length() > 1 && v.charAt(0) == '-' && shorts != null) {
                for (int i = 1; i < v.length(); i++) if (shorts.indexOf(v.charAt(i)) >= 0) return true;
            }
        }
        return false;
    }

    /** True when any literal argument equals one of {@code words} (anywhere, options included). */
    static boolean any(List<Arg> args, String... words) {
        for (Arg a : args) {
            if (a.value() == null) continue;
            for (String w : words) if (a.value().equals(w)) return true;
        }
        return false;
    }

    /**
     * Values given to an option: {@code -o v}, {@code -ov}, {@code --out v}, {@code --out=v}. A
     * missing value is skipped. The returned args keep their dynamic-ness.
     */
    static List<Arg> values(List<Arg> args, char shortOpt, String... longs) {
        List<Arg> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v == null) continue;
            if (v.equals("--")) break;
            if (v.startsWith("--")) {
                for (String l : longs) {
                    if (v.equals(l) && i + 1 < args.size()) {
                        out.add(args.get(i + 1));
                    } else if (v.startsWith(l + "=")) {
                        out.add(new Arg(v.substring(l.length() + 1), v.substring(l.length() + 1), false, true, null));
                    }
                }
            } else if (shortOpt != 0 && v.length() >= 2 && v.charAt(0) == '-' && v.charAt(1) == shortOpt) {
                if (v.length() == 2) {
                    if (i + 1 < args.size()) out.add(args.get(i + 1));
                } else {
                    out.add(new Arg(v.substring(2), v.substring(2), false, true, null));
                }
            }
        }
        return out;
    }

    /**
     * Operands: arguments that are not options and not the value of an option listed in
     * {@code valued} (as written, e.g. {@code -o}, {@code --output}). Everything after {@code --}
     * is an operand; a dynamic argument is an operand (it might be anything).
     */
    static List<Arg> operands(List<Arg> args, Set<String> valued) {
        List<Arg> out = new ArrayList<>();
        boolean rest = false;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            String v = a.value();
            if (rest || v == null || !v.startsWith("-") || v.equals("-")) {
                out.add(a);
                continue;
            }
            if (v.equals("--")) {
                rest = true;
            } else if (valued.contains(v)) {
                i++;
            }
        }
        return out;
    }

    /** The first literal non-option argument (a subcommand), or null. */
    static String subcommand(List<Arg> args) {
        for (Arg a : args) {
            if (a.value() == null) return null;
            if (!a.value().startsWith("-")) return a.value();
        }
        return null;
    }
}
