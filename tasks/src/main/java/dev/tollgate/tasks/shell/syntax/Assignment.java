package dev.tollgate.tasks.shell.syntax;

/** {@code NAME=value}, {@code NAME+=value}, {@code NAME[i]=value} or {@code NAME=(array)}. */
public record Assignment(String name, boolean append, Word value, Word source) {}
