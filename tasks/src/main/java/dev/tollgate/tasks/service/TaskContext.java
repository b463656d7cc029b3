package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.Identity;

/** Where a step belongs: what a governor and a performer may attribute and check it against. */
public record TaskContext(String gatewayId, String taskId, String stepId, String agentId, Identity identity) {}
