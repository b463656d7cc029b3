package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.Task;
import java.util.List;

/** A task with its steps in order (GET /v1/tasks/:id). */
public record TaskView(Task task, List<Step> steps) {}
