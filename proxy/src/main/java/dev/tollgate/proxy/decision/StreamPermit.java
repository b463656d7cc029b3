package dev.tollgate.proxy.decision;

import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.policy.Evaluation;
import dev.tollgate.engine.policy.EvaluationRequest;
import dev.tollgate.engine.policy.Policy;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.policy.PolicyLookup;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.Identity;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a request whose body could stream will be approved outright, asked before any intent
 * exists. Only then is it proposed on its headers: a request that would wait for a person must be
 * buffered first, so that its intent's digest covers its body and a held or retried request can be
 * replayed exactly. The question is the engine's own pure evaluation ({@link PolicyEvaluator}: no
 * store, no side effect), asked the way the proposal will be (no payload, record count 1, the agent's
 * allowed policies and destinations), for the base rules and every environment overlay, since the
 * server's environment is not known here. Rate limits need the store's counts: a policy with any is
 * never streamed.
 */
public final class StreamPermit {
    private final PolicyLookup policies;
    private final PolicyEvaluator evaluator;

    public StreamPermit(PolicyLookup policies) {
        this.policies = policies;
        this.evaluator = new PolicyEvaluator(policies);
    }

    public boolean approves(Exchange ex) {
        Optional<Policy> policy = policies.find(ex.mapping().policy());
        if (policy.isEmpty() || policy.get().readsPayload()) return false;
        List<String> environments = new ArrayList<>();
        environments.add(null);
        environments.addAll(policy.get().environments().keySet());
        Identity who = ex.identity();
        String type = BodyTypes.ofHeader(ex.request().headers().get(HttpHeaderNames.CONTENT_TYPE));
        for (String env : environments) {
            Evaluation e = evaluator.evaluate(new EvaluationRequest(ex.mapping().policy(), ex.mapping().destination(),
                    null, type, 1L, env, null, List.of(), who.allowedPolicies(), who.allowedDestinations()));
            if (e.status() != IntentStatus.APPROVED || e.needsRateCounts()) return false;
        }
        return true;
    }
}
