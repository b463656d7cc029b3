package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.shell.syntax.Assignment;
import dev.tollgate.tasks.shell.syntax.Command;
import dev.tollgate.tasks.shell.syntax.Redirect;
import dev.tollgate.tasks.shell.syntax.Script;
import dev.tollgate.tasks.shell.syntax.Word;
import dev.tollgate.tasks.shell.syntax.WordPart;
import java.util.ArrayList;
import java.util.List;

/**
 * SPEC §7.4 step 2: finds every command in the tree. Conditions are never evaluated, so every
 * branch, loop body and case arm is visited; substitutions inside any word (arguments,
 * assignments, redirection targets, here-document bodies, case subjects) are visited too. What a
 * pipeline stage writes is handed to the next one as its stdin, so literal data piped into a
 * shell or a database client can be analysed.
 */
final class Walker {
    private final Analysis a;
    /** An arithmetic context was seen: bash evaluates variable contents there, including {@code a[$(cmd)]}. */
    private boolean sawArithmetic;
    /** A literal string containing {@code $(} or a backtick, which arithmetic would run as code. */
    private boolean sawCodeLiteral;

    Walker(Analysis a) {
        this.a = a;
    }

    void finish() {
        if (sawArithmetic && sawCodeLiteral) {
            a.block(BlockCode.NOT_ANALYSABLE, "arithmetic evaluation in an input holding a literal command substitution");
        }
    }

    void script(Script s, Data stdin) {
        for (Script.Item item : s.items()) {
            for (Script.Pipeline p : item.andOr().pipelines()) pipeline(p, stdin);
        }
    }

    private void pipeline(Script.Pipeline p, Data stdin) {
        Data in = stdin;
        for (Command c : p.commands()) {
            in = command(c, in);
        }
    }

    /** Classifies one command reading {@code stdin}; returns what it writes on stdout. */
    Data command(Command c, Data stdin) {
        if (c instanceof Command.Simple s) return simple(s, stdin);
        Data inner = stdin instanceof Data.Remote || stdin instanceof Data.None ? stdin : new Data.Opaque("pipe");
        Data redirected = redirects(c.redirects(), "compound command");
        if (redirected != null) inner = redirected;
        String savedCwd = a.cwd;
        if (c instanceof Command.Subshell sub) {
            script(sub.body(), inner);
            a.cwd = savedCwd;
        } else if (c instanceof Command.Group g) {
            script(g.body(), inner);
        } else if (c instanceof Command.If i) {
            for (Script cond : i.conditions()) script(cond, inner);
            for (Script b : i.branches()) script(b, inner);
            if (i.elseBranch() != null) script(i.elseBranch(), inner);
        } else if (c instanceof Command.For f) {
            a.assignment(f.variable(), (f.select() ? "select " : "for ") + f.variable());
            if (f.items() != null) for (Word w : f.items()) word(w);
            script(f.body(), inner);
        } else if (c instanceof Command.ArithFor f) {
            arithmetic(f.header(), "for ((...))");
            script(f.body(), inner);
        } else if (c instanceof Command.Loop l) {
            script(l.condition(), inner);
            script(l.body(), inner);
        } else if (c instanceof Command.Case cs) {
            word(cs.subject());
            for (Command.CaseItem item : cs.items()) {
                for (Word w : item.patterns()) word(w);
                script(item.body(), inner);
            }
        } else if (c instanceof Command.Cond cond) {
            for (Word w : cond.words()) {
                word(w);
                String t = w.plainText();
                if (t != null && t.length() == 3 && t.charAt(0) == '-' && "eqneltlegtge".contains(t.substring(1))) sawArithmetic = true;
            }
        } else if (c instanceof Command.Arith ar) {
            arithmetic(ar.expression(), "((...))");
        } else if (c instanceof Command.FunctionDef fd) {
            a.block(BlockCode.NOT_ANALYSABLE, fd.name() + ": function definition");
            command(fd.body(), Data.NONE);
        }
        return new Data.Opaque("output of a compound command");
    }

    private void arithmetic(String expr, String where) {
        sawArithmetic = true;
        if (expr.contains("$(") || expr.contains("`")) {
            a.block(BlockCode.NOT_ANALYSABLE, where + ": command substitution inside arithmetic");
        }
    }

    private Data simple(Command.Simple s, Data stdin) {
        for (Assignment as : s.assignments()) {
            word(as.value());
            a.assignment(as.name(), as.name() + "=");
        }
        List<Arg> argv = new ArrayList<>(s.words().size());
        for (Word w : s.words()) {
            word(w);
            argv.add(Arg.of(w));
        }
        String label = argv.isEmpty() ? "redirection" : argv.get(0).display();
        Data redirected = redirects(s.redirects(), label);
        Data in = redirected != null ? redirected : stdin;
        if (argv.isEmpty()) {
            if (s.assignments().isEmpty()) return Data.NONE;
            a.risk(RiskTier.SAFE, s.assignments().get(0).name(), "variable assignment");
            return Data.NONE;
        }
        return a.invoke(argv, in, false, true);
    }

    /** Checks redirections; returns the stdin they supply (here-doc, here-string, file), or null. */
    private Data redirects(List<Redirect> list, String label) {
        Data in = null;
        for (Redirect r : list) {
            word(r.target());
            if (r.isHereDoc()) {
                Word body = r.hereDoc().body();
                word(body);
                Arg b = Arg.of(body);
                in = b.value() != null ? new Data.Literal(b.value()) : new Data.Opaque("here-document with expansions");
                continue;
            }
            Arg t = Arg.of(r.target());
            switch (r.op()) {
                case "<<<" -> in = t.value() != null ? new Data.Literal(t.value() + "\n") : new Data.Opaque("here-string with expansions");
                case "<" -> {
                    read(t, label);
                    in = t.literal() ? new Data.File(t.value()) : new Data.Opaque("file " + t.display());
                }
                case "<&" -> {
                    if (!isFd(t)) read(t, label);
                }
                case ">&" -> {
                    if (!isFd(t)) write(r, t, label);
                }
                default -> write(r, t, label);
            }
        }
        return in;
    }

    private static boolean isFd(Arg t) {
        String v = t.value();
        if (v == null || v.isEmpty()) return false;
        if (v.equals("-")) return true;
        int end = v.endsWith("-") ? v.length() - 1 : v.length();
        for (int i = 0; i < end; i++) if (v.charAt(i) < '0' || v.charAt(i) > '9') return false;
        return end > 0;
    }

    private void read(Arg t, String label) {
        a.checkExcluded(t, "< " + t.display());
        if (t.literal() && a.paths().kind(t, a.cwd) == PathRules.Kind.NETWORK) {
            a.risk(RiskTier.DESTRUCTIVE, label, "redirection opens a network connection (" + t.display() + ")");
        }
    }

    private void write(Redirect r, Arg t, String label) {
        String redir = r.op() + " " + t.display();
        a.checkExcluded(t, redir);
        PathRules.Kind k = a.paths().kind(t, a.cwd);
        if (k == PathRules.Kind.NULL_DEVICE) return;
        if (k == PathRules.Kind.NETWORK) {
            a.risk(RiskTier.DESTRUCTIVE, redir, "redirection opens a network connection");
            return;
        }
        a.writes(redir, "redirection writes a file", t, false, RiskTier.DESTRUCTIVE);
    }

    /** Visits the substitutions inside a word and notes literal text that arithmetic could execute. */
    void word(Word w) {
        if (w == null) return;
        for (WordPart p : w.parts()) part(p);
    }

    private void part(WordPart p) {
        if (p instanceof WordPart.CommandSub cs) {
            nested(cs.script());
        } else if (p instanceof WordPart.ProcessSub ps) {
            nested(ps.script());
        } else if (p instanceof WordPart.DoubleQuoted dq) {
            for (WordPart q : dq.parts()) part(q);
        } else if (p instanceof WordPart.Param pe) {
            if (pe.raw().contains("@P")) {
                a.block(BlockCode.NOT_ANALYSABLE, pe.raw() + ": prompt expansion runs substitutions in a variable");
            }
            for (WordPart q : pe.inner()) part(q);
        } else if (p instanceof WordPart.Arith ar) {
            arithmetic(ar.expression(), "$((...))");
        } else if (p instanceof WordPart.ArrayLit arr) {
            for (Word w : arr.elements()) word(w);
        } else if (p instanceof WordPart.SingleQuoted sq) {
            noteCode(sq.text());
        } else if (p instanceof WordPart.AnsiC ac) {
            noteCode(ac.text());
        } else if (p instanceof WordPart.Lit l) {
            noteCode(l.text());
        }
    }

    private void noteCode(String s) {
        if (s.indexOf('`') >= 0 || s.contains("$(")) sawCodeLiteral = true;
    }

    /** A substitution runs in a subshell: its cd does not leak, and its stdin is not ours. */
    private void nested(Script s) {
        String savedCwd = a.cwd;
        script(s, Data.NONE);
        a.cwd = savedCwd;
    }

    void markArithmetic() {
        sawArithmetic = true;
    }
}
