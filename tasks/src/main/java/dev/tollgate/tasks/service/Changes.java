package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one store job changed, collected inside the job and published only after its commit
 * (listeners, long-pollers, and the runs it authorised). A job that fails is rolled back and its
 * Changes are dropped with it: nobody hears of what never happened.
 */
final class Changes {
    final List<PendingAction> created = new ArrayList<>();
    final List<PendingAction> decided = new ArrayList<>();
    final Map<String, Step> steps = new LinkedHashMap<>();
    /** Steps this job made runnable: running already (start them), or approved (validate, then start). */
    final List<Step> toRun = new ArrayList<>();

    void step(Step s) { steps.put(s.id(), s); }
}
