package dev.tollgate.engine.policy;

import java.util.List;
import java.util.Objects;

/**
 * Everything {@link PolicyEvaluator} needs about one intent. Most of it comes from the agent and
 * is untrusted: any value, null included, yields a decision, never an exception.
 *
 * @param policyId                 the policy the agent names
 * @param destination              logical destination ({@code stripe.refund})
 * @param payload                  the content, or a bare file name such as {@code leads.csv}; nullable
 * @param payloadType              explicit type from the proxy's Content-Type ({@code json}, {@code csv},
 *                                 {@code text}, {@code xml}, {@code form}, {@code binary}); null to infer it
 * @param recordCount              batch size; null when not given (the threshold rules then do not apply)
 * @param environment              environment whose overlay applies, resolved by the caller; nullable
 * @param estimatedValueUsd        for the risk score; nullable
 * @param sensitivityTags          for the risk score; null is empty
 * @param agentAllowedPolicies     the agent's {@code allowed_policies}; null allows all
 * @param agentAllowedDestinations the agent's {@code allowed_destinations}; null allows all
 */
public record EvaluationRequest(
        String policyId,
        String destination,
        String payload,
        String payloadType,
        Long recordCount,
        String environment,
        Double estimatedValueUsd,
        List<String> sensitivityTags,
        List<String> agentAllowedPolicies,
        List<String> agentAllowedDestinations) {

    public EvaluationRequest {
        sensitivityTags = sensitivityTags == null ? List.of() : withoutNulls(sensitivityTags);
        agentAllowedPolicies = agentAllowedPolicies == null ? null : withoutNulls(agentAllowedPolicies);
        agentAllowedDestinations = agentAllowedDestinations == null ? null : withoutNulls(agentAllowedDestinations);
    }

    /** A request for {@code policyId} and {@code destination}; set the rest with the {@link Builder}. */
    public static Builder builder(String policyId, String destination) { return new Builder(policyId, destination); }

    private static List<String> withoutNulls(List<String> list) {
        return list.stream().filter(Objects::nonNull).toList();
    }

    /** Fluent construction, since most intents set only a few of the ten fields. */
    public static final class Builder {
        private final String policyId;
        private final String destination;
        private String payload;
        private String payloadType;
        private Long recordCount;
        private String environment;
        private Double estimatedValueUsd;
        private List<String> sensitivityTags;
        private List<String> agentAllowedPolicies;
        private List<String> agentAllowedDestinations;

        private Builder(String policyId, String destination) {
            this.policyId = policyId;
            this.destination = destination;
        }

        public Builder payload(String v) { payload = v; return this; }
        public Builder payloadType(String v) { payloadType = v; return this; }
        public Builder recordCount(Long v) { recordCount = v; return this; }
        public Builder environment(String v) { environment = v; return this; }
        public Builder estimatedValueUsd(Double v) { estimatedValueUsd = v; return this; }
        public Builder sensitivityTags(List<String> v) { sensitivityTags = v; return this; }
        public Builder agentAllowedPolicies(List<String> v) { agentAllowedPolicies = v; return this; }
        public Builder agentAllowedDestinations(List<String> v) { agentAllowedDestinations = v; return this; }

        public EvaluationRequest build() {
            return new EvaluationRequest(policyId, destination, payload, payloadType, recordCount, environment,
                    estimatedValueUsd, sensitivityTags, agentAllowedPolicies, agentAllowedDestinations);
        }
    }
}
