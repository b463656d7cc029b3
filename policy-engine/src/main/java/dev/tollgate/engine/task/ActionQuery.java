package dev.tollgate.engine.task;

/** Filters for listing pending actions, oldest first (the review queue's order); null means any. */
public record ActionQuery(ActionStatus status, String agentId, String taskId, int limit) {}
