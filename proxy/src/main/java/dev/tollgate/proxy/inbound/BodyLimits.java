package dev.tollgate.proxy.inbound;

import dev.tollgate.engine.policy.Policy;
import dev.tollgate.engine.policy.PolicyLookup;
import dev.tollgate.proxy.route.DestinationMapper.Mapping;

/**
 * How much of a request body the proxy buffers (SPEC §5.1). A policy that reads payloads sees the
 * whole body, up to {@code maxInspectBytes} (larger: 413). Under a policy that does not (the built-in
 * {@code allow}) the body is still buffered, because the request digest covers it and nothing may
 * reach the upstream before the decision, up to the hard cap {@code maxBufferedBytes} (16 MiB by
 * default; larger: 413). Blocked and unknown policies get the inspection limit.
 */
public final class BodyLimits {
    private final PolicyLookup policies;
    private final long maxInspectBytes;
    private final long maxBufferedBytes;

    public BodyLimits(PolicyLookup policies, long maxInspectBytes, long maxBufferedBytes) {
        this.policies = policies;
        this.maxInspectBytes = maxInspectBytes;
        this.maxBufferedBytes = Math.max(maxInspectBytes, maxBufferedBytes);
    }

    public boolean inspects(Mapping m) {
        return m.blocked() || policies.find(m.policy()).map(Policy::readsPayload).orElse(true);
    }

    public long limitFor(Mapping m) { return inspects(m) ? maxInspectBytes : maxBufferedBytes; }

    public String explain(Mapping m) {
        return inspects(m)
                ? "request body larger than " + maxInspectBytes + " bytes (proxy.max_inspect_bytes), the most policy "
                        + (m.blocked() ? "checks" : m.policy() + " inspects")
                : "request body larger than " + maxBufferedBytes + " bytes, the most the proxy buffers";
    }
}
