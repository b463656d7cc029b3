package dev.tollgate.tasks.shell.classify;

/** Risk and block rules for one command name; returns what the command writes on stdout. */
@FunctionalInterface
interface Rule {
    Data apply(Invocation inv, Analysis a);
}
