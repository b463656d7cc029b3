package dev.tollgate.tasks.shell.syntax;

import java.util.List;

/** A command of the grammar: a simple command, a compound command or a function definition. */
public sealed interface Command {
    /** Redirections applying to the whole command (empty for function definitions). */
    List<Redirect> redirects();

    /** {@code NAME=value ... word ... [redirections]} in any order. */
    record Simple(List<Assignment> assignments, List<Word> words, List<Redirect> redirects) implements Command {
        public Simple {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code ( list )}. */
    record Subshell(Script body, List<Redirect> redirects) implements Command {}

    /** {@code { list; }}. */
    record Group(Script body, List<Redirect> redirects) implements Command {}

    /** {@code if c1; then b1; elif c2; then b2; else e; fi}: {@code conditions.get(i)} guards {@code branches.get(i)}. */
    record If(List<Script> conditions, List<Script> branches, Script elseBranch, List<Redirect> redirects)
            implements Command {}

    /** {@code for|select NAME [in words]; do body; done}; {@code items} is null without {@code in}. */
    record For(boolean select, String variable, List<Word> items, Script body, List<Redirect> redirects)
            implements Command {}

    /** {@code for ((init; cond; step)); do body; done}. */
    record ArithFor(String header, Script body, List<Redirect> redirects) implements Command {}

    /** {@code while|until cond; do body; done}. */
    record Loop(boolean until, Script condition, Script body, List<Redirect> redirects) implements Command {}

    /** {@code case word in pattern) body ;; ... esac}. */
    record Case(Word subject, List<CaseItem> items, List<Redirect> redirects) implements Command {}

    record CaseItem(List<Word> patterns, Script body) {}

    /** {@code [[ ... ]]}: only the words matter (operators are dropped). */
    record Cond(List<Word> words, List<Redirect> redirects) implements Command {}

    /** {@code (( expression ))}. */
    record Arith(String expression, List<Redirect> redirects) implements Command {}

    /** {@code name() body} or {@code function name body}: always refused by the classifier. */
    record FunctionDef(String name, Command body) implements Command {
        @Override
        public List<Redirect> redirects() {
            return List.of();
        }
    }
}
