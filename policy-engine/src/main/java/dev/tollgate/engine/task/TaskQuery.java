package dev.tollgate.engine.task;

/** Filters for listing tasks, newest first; null means any. */
public record TaskQuery(TaskStatus status, String agentId, int limit) {}
