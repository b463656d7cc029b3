package dev.tollgate.engine.policy;

import static dev.tollgate.engine.intent.IntentStatus.APPROVED;
import static dev.tollgate.engine.intent.IntentStatus.BLOCKED;
import static dev.tollgate.engine.intent.IntentStatus.PENDING_APPROVAL;
import static dev.tollgate.engine.intent.ReasonCode.AGENT_NOT_ALLOWED;
import static dev.tollgate.engine.intent.ReasonCode.APPROVED_BY_POLICY;
import static dev.tollgate.engine.intent.ReasonCode.BLOCKED_TERM_DETECTED;
import static dev.tollgate.engine.intent.ReasonCode.EVALUATION_FAILED;
import static dev.tollgate.engine.intent.ReasonCode.DENIED_BY_POLICY;
import static dev.tollgate.engine.intent.ReasonCode.DESTINATION_NOT_ALLOWED;
import static dev.tollgate.engine.intent.ReasonCode.FIELD_CHECK_FAILED;
import static dev.tollgate.engine.intent.ReasonCode.MANUAL_REVIEW_REQUIRED;
import static dev.tollgate.engine.intent.ReasonCode.POLICY_NOT_FOUND;
import static dev.tollgate.engine.intent.ReasonCode.RATE_LIMIT_EXCEEDED;
import static dev.tollgate.engine.intent.ReasonCode.RECORD_THRESHOLD_EXCEEDED;
import static dev.tollgate.engine.intent.ReasonCode.TYPE_NOT_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.intent.RiskLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEvaluatorTest {
    @TempDir static Path dir;
    static PolicyRegistry registry;
    static PolicyEvaluator evaluator;

    @BeforeAll
    static void policies() {
        PolicyFiles.write(dir, "open.yaml", "id: open\n");
        PolicyFiles.write(dir, "dest.yaml", "id: dest\ndestinations: [crm.import]\nrequire_approval: never\n");
        PolicyFiles.write(dir, "typed.yaml", "id: typed\nallowed_types: [csv, txt]\nrequire_approval: never\n");
        PolicyFiles.write(dir, "json-only.yaml", "id: json-only\nallowed_types: [json]\nrequire_approval: never\n");
        PolicyFiles.write(dir, "checked.yaml", """
                id: checked
                require_approval: never
                field_checks:
                  - path: to
                    required: true
                    max_length: 20
                    pattern: "^[^@]+@[^@]+\\\\.[^@]+$"
                  - path: amount
                    min: 1
                    max: 100
                  - path: items.0.sku
                    pattern: "^SKU-[0-9]+$"
                """);
        PolicyFiles.write(dir, "termed.yaml", """
                id: termed
                require_approval: never
                block_if_terms: [sue, "legal action"]
                """);
        PolicyFiles.write(dir, "always.yaml", "id: always\nrequire_approval: always\nblock_if_terms: [sue]\n");
        PolicyFiles.write(dir, "under.yaml", "id: under\nauto_approve_under: 100\n");
        PolicyFiles.write(dir, "over.yaml", "id: over\nrequire_approval_over: 100\n");
        PolicyFiles.write(dir, "both.yaml", "id: both\nauto_approve_under: 100\nrequire_approval_over: 100\n");
        PolicyFiles.write(dir, "ordered.yaml", """
                id: ordered
                destinations: [mail.send]
                allowed_types: [json]
                field_checks: [{path: to, required: true}]
                block_if_terms: [sue]
                require_approval: never
                expiry_minutes: 7
                """);
        PolicyFiles.write(dir, "env.yaml", """
                id: env
                expiry_minutes: 60
                environments:
                  production:
                    require_approval: always
                    expiry_minutes: 10
                  development:
                    require_approval: never
                  locked:
                    destinations: [nowhere]
                """);
        PolicyFiles.write(dir, "limited.yaml", """
                id: limited
                block_if_terms: [sue]
                require_approval: never
                rate_limits: {per_agent_per_hour: 2, per_agent_per_day: 5}
                """);
        PolicyFiles.write(dir, "redos.yaml", "id: redos\nfield_checks: [{path: s, pattern: \"^(a+)+$\"}]\n");
        registry = PolicyRegistry.load(dir);
        evaluator = new PolicyEvaluator(registry);
    }

    private static EvaluationRequest.Builder req(String policy, String destination) {
        return EvaluationRequest.builder(policy, destination);
    }

    private static Arguments when(String name, EvaluationRequest.Builder r, IntentStatus status, ReasonCode code,
                                  String blockReason) {
        return Arguments.of(name, r.build(), status, code, blockReason);
    }

    static Stream<Arguments> decisions() {
        String json = "{\"to\":\"a@b.io\",\"amount\":5}";
        return Stream.of(
                // (1) the policy exists
                when("unknown policy", req("nope", "x"), BLOCKED, POLICY_NOT_FOUND, "Policy not found: nope"),
                when("path-like policy id", req("../open", "x"), BLOCKED, POLICY_NOT_FOUND, "Policy not found: ../open"),
                when("no policy id", req(null, "x"), BLOCKED, POLICY_NOT_FOUND, "Policy not found: (none)"),
                // (2) the agent's own allowlists
                when("agent may not use the policy", req("open", "x").agentAllowedPolicies(List.of("dest")),
                        BLOCKED, AGENT_NOT_ALLOWED, "Agent is not allowed to use policy open"),
                when("agent may not send to the destination",
                        req("open", "x").agentAllowedDestinations(List.of("crm.import")),
                        BLOCKED, AGENT_NOT_ALLOWED, "Agent is not allowed to send to destination x"),
                when("agent allowlists that include the intent", req("dest", "crm.import")
                                .agentAllowedPolicies(List.of("dest")).agentAllowedDestinations(List.of("crm.import")),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("agent allowlists come before the built-in allow",
                        req("allow", "x").agentAllowedPolicies(List.of("open")), BLOCKED, AGENT_NOT_ALLOWED,
                        "Agent is not allowed to use policy allow"),
                // built-ins
                when("built-in allow", req("allow", "anything").payload("we will sue"), APPROVED, APPROVED_BY_POLICY,
                        null),
                when("built-in deny", req("deny", "anything"), BLOCKED, DENIED_BY_POLICY,
                        "Blocked by the built-in deny policy"),
                // (3) environments
                when("production overlay always asks", req("env", "x").environment("production"),
                        PENDING_APPROVAL, MANUAL_REVIEW_REQUIRED, null),
                when("development overlay approves", req("env", "x").environment("development"),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("unknown environment uses the base", req("env", "x").environment("qa"),
                        PENDING_APPROVAL, MANUAL_REVIEW_REQUIRED, null),
                when("overlay destinations apply", req("env", "x").environment("locked"),
                        BLOCKED, DESTINATION_NOT_ALLOWED, "Destination not allowed by policy env: x"),
                // (4) destinations
                when("destination outside the list", req("dest", "crm.delete"), BLOCKED, DESTINATION_NOT_ALLOWED,
                        "Destination not allowed by policy dest: crm.delete"),
                when("no destination", req("dest", null), BLOCKED, DESTINATION_NOT_ALLOWED,
                        "Destination not allowed by policy dest: (none)"),
                when("destination in the list", req("dest", "crm.import"), APPROVED, APPROVED_BY_POLICY, null),
                // (5) allowed_types
                when("bare file name", req("typed", "x").payload("leads.csv"), APPROVED, APPROVED_BY_POLICY, null),
                when("relative path", req("typed", "x").payload("./exports/leads.CSV"), APPROVED, APPROVED_BY_POLICY,
                        null),
                when("txt file under allowed txt", req("typed", "x").payload("notes.txt"), APPROVED,
                        APPROVED_BY_POLICY, null),
                when("plain text counts as txt", req("typed", "x").payload("Hello there. Bye."), APPROVED,
                        APPROVED_BY_POLICY, null),
                when("other extension", req("typed", "x").payload("/tmp/report.pdf"), BLOCKED, TYPE_NOT_ALLOWED,
                        "Payload type not allowed: pdf"),
                when("JSON payload where only csv/txt", req("typed", "x").payload("{\"a\":1}"), BLOCKED,
                        TYPE_NOT_ALLOWED, "Payload type not allowed: json"),
                when("JSON array payload", req("json-only", "x").payload(" [1, 2]"), APPROVED, APPROVED_BY_POLICY,
                        null),
                when("explicit type wins over content", req("typed", "x").payload("{\"a\":1}").payloadType("csv"),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("explicit type not allowed", req("typed", "x").payload("<a/>").payloadType("xml"),
                        BLOCKED, TYPE_NOT_ALLOWED, "Payload type not allowed: xml"),
                when("no payload", req("typed", "x"), BLOCKED, TYPE_NOT_ALLOWED,
                        "Payload type not allowed: the intent has no payload"),
                when("invalid JSON is text", req("json-only", "x").payload("{\"a\":"), BLOCKED, TYPE_NOT_ALLOWED,
                        "Payload type not allowed: text"),
                // (7) field checks
                when("all checks pass", req("checked", "x").payload(json), APPROVED, APPROVED_BY_POLICY, null),
                when("required field missing", req("checked", "x").payload("{\"amount\":5}"), BLOCKED,
                        FIELD_CHECK_FAILED, "Field check failed: 'to' is required"),
                when("required field null", req("checked", "x").payload("{\"to\":null}"), BLOCKED,
                        FIELD_CHECK_FAILED, "Field check failed: 'to' is required"),
                when("pattern mismatch", req("checked", "x").payload("{\"to\":\"nobody\"}"), BLOCKED,
                        FIELD_CHECK_FAILED, "Field check failed: 'to' does not match pattern ^[^@]+@[^@]+\\.[^@]+$"),
                when("max_length exceeded", req("checked", "x").payload("{\"to\":\"abcdefghijklmnop@b.io\"}"),
                        BLOCKED, FIELD_CHECK_FAILED, "Field check failed: 'to' is longer than 20"),
                when("max_length edge", req("checked", "x").payload("{\"to\":\"abcdefghijklmno@b.io\"}"),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("min edge", req("checked", "x").payload("{\"to\":\"a@b.io\",\"amount\":1}"),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("below min", req("checked", "x").payload("{\"to\":\"a@b.io\",\"amount\":0.99}"),
                        BLOCKED, FIELD_CHECK_FAILED, "Field check failed: 'amount' must be at least 1"),
                when("max edge", req("checked", "x").payload("{\"to\":\"a@b.io\",\"amount\":100}"),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("above max", req("checked", "x").payload("{\"to\":\"a@b.io\",\"amount\":100.5}"),
                        BLOCKED, FIELD_CHECK_FAILED, "Field check failed: 'amount' must be at most 100"),
                when("number as a string", req("checked", "x").payload("{\"to\":\"a@b.io\",\"amount\":\"5\"}"),
                        BLOCKED, FIELD_CHECK_FAILED, "Field check failed: 'amount' must be a number"),
                when("array index in the path", req("checked", "x")
                                .payload("{\"to\":\"a@b.io\",\"items\":[{\"sku\":\"ABC\"}]}"),
                        BLOCKED, FIELD_CHECK_FAILED, "Field check failed: 'items.0.sku' does not match pattern ^SKU-[0-9]+$"),
                when("not JSON", req("checked", "x").payload("to=a@b.io"), BLOCKED, FIELD_CHECK_FAILED,
                        "Field check failed: payload is not a JSON object"),
                when("JSON array is not an object", req("checked", "x").payload("[" + json + "]"), BLOCKED,
                        FIELD_CHECK_FAILED, "Field check failed: payload is not a JSON object"),
                when("duplicate keys are not a JSON object",
                        req("checked", "x").payload("{\"to\":\"a@b.io\",\"amount\":5,\"amount\":5000}"),
                        BLOCKED, FIELD_CHECK_FAILED, "Field check failed: payload is not a JSON object"),
                when("no payload", req("checked", "x"), BLOCKED, FIELD_CHECK_FAILED,
                        "Field check failed: payload is not a JSON object"),
                // (8) terms
                when("term found", req("termed", "x").payload("We will SUE you."), BLOCKED, BLOCKED_TERM_DETECTED,
                        "Payload contains blocked term: sue"),
                when("multi-word term across a line break", req("termed", "x").payload("taking legal\naction"),
                        BLOCKED, BLOCKED_TERM_DETECTED, "Payload contains blocked term: legal action"),
                when("term inside a word is not found", req("termed", "x").payload("your issue is resolved"),
                        APPROVED, APPROVED_BY_POLICY, null),
                when("term hidden by JSON escapes", req("termed", "x").payload("{\"m\":\"we will s\\u0075e\"}"),
                        BLOCKED, BLOCKED_TERM_DETECTED, "Payload contains blocked term: sue"),
                when("term hidden by URL encoding", req("termed", "x").payload("m=legal%20action").payloadType("form"),
                        BLOCKED, BLOCKED_TERM_DETECTED, "Payload contains blocked term: legal action"),
                when("terms come before require_approval always", req("always", "x").payload("sue"), BLOCKED,
                        BLOCKED_TERM_DETECTED, "Payload contains blocked term: sue"),
                // earlier steps win over later ones
                when("destination before type", req("ordered", "other").payload("x.pdf"), BLOCKED,
                        DESTINATION_NOT_ALLOWED, "Destination not allowed by policy ordered: other"),
                when("type before field checks", req("ordered", "mail.send").payload("sue"), BLOCKED,
                        TYPE_NOT_ALLOWED, "Payload type not allowed: text"),
                when("field checks before terms", req("ordered", "mail.send").payload("{\"m\":\"sue\"}"), BLOCKED,
                        FIELD_CHECK_FAILED, "Field check failed: 'to' is required"),
                when("terms once checks pass", req("ordered", "mail.send").payload("{\"to\":\"sue\"}"), BLOCKED,
                        BLOCKED_TERM_DETECTED, "Payload contains blocked term: sue"),
                // (9) require_approval
                when("require_approval always", req("always", "x").payload("fine"), PENDING_APPROVAL,
                        MANUAL_REVIEW_REQUIRED, null),
                when("require_approval always ignores small counts", req("always", "x").recordCount(1L),
                        PENDING_APPROVAL, MANUAL_REVIEW_REQUIRED, null),
                when("require_approval never", req("termed", "x").recordCount(1_000_000L), APPROVED,
                        APPROVED_BY_POLICY, null),
                // (10) record thresholds, at their edges
                when("auto_approve_under 100, 99 records", req("under", "x").recordCount(99L), APPROVED,
                        APPROVED_BY_POLICY, null),
                when("auto_approve_under 100, 100 records", req("under", "x").recordCount(100L), APPROVED,
                        APPROVED_BY_POLICY, null),
                when("auto_approve_under 100, 101 records", req("under", "x").recordCount(101L), PENDING_APPROVAL,
                        MANUAL_REVIEW_REQUIRED, null),
                when("require_approval_over 100, 100 records", req("over", "x").recordCount(100L), PENDING_APPROVAL,
                        MANUAL_REVIEW_REQUIRED, null),
                when("require_approval_over 100, 101 records", req("over", "x").recordCount(101L), PENDING_APPROVAL,
                        RECORD_THRESHOLD_EXCEEDED, null),
                when("both thresholds, 100 records", req("both", "x").recordCount(100L), APPROVED, APPROVED_BY_POLICY,
                        null),
                when("both thresholds, 101 records", req("both", "x").recordCount(101L), PENDING_APPROVAL,
                        RECORD_THRESHOLD_EXCEEDED, null),
                when("thresholds without a record count", req("both", "x"), PENDING_APPROVAL,
                        MANUAL_REVIEW_REQUIRED, null),
                when("negative record count is no count", req("under", "x").recordCount(-5L), PENDING_APPROVAL,
                        MANUAL_REVIEW_REQUIRED, null),
                // (11) default
                when("no rule decides", req("open", "x").payload("hello"), PENDING_APPROVAL, MANUAL_REVIEW_REQUIRED,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decides(String name, EvaluationRequest request, IntentStatus status, ReasonCode code, String blockReason) {
        Evaluation e = evaluator.evaluate(request);
        assertEquals(status, e.status(), () -> e.toString());
        assertEquals(code, e.reasonCode(), () -> e.toString());
        assertEquals(blockReason, e.blockReason());
        assertEquals(request.policyId(), e.policyId());
        assertFalse(e.needsRateCounts());
    }

    @Test
    void carriesPolicyVersionAndEffectiveExpiry() {
        Policy env = registry.find("env").orElseThrow();
        Evaluation production = evaluator.evaluate(req("env", "x").environment("production").build());
        assertEquals(env.version(), production.policyVersion());
        assertEquals(10, production.expiryMinutes());
        assertEquals(60, evaluator.evaluate(req("env", "x").build()).expiryMinutes());
        assertEquals("builtin", evaluator.evaluate(req("allow", "x").build()).policyVersion());
        Evaluation unknown = evaluator.evaluate(req("nope", "x").build());
        assertNull(unknown.policyVersion());
        assertNull(unknown.expiryMinutes());
    }

    /** Hour limit 2, day limit 5: the counts are the agent's intents already recorded. */
    static Stream<Arguments> rateLimits() {
        UnaryOperator<Evaluation> under = e -> e.withRateCounts(1, 4);
        UnaryOperator<Evaluation> atHourLimit = e -> e.withRateCounts(2, 2);
        UnaryOperator<Evaluation> overDayLimit = e -> e.withRateCounts(0, 6);
        UnaryOperator<Evaluation> atDayLimit = e -> e.withRateCounts(0, 5);
        UnaryOperator<Evaluation> failed = Evaluation::rateCountFailed;
        UnaryOperator<Evaluation> negative = e -> e.withRateCounts(-1, 0);
        return Stream.of(
                Arguments.of("under both limits", under, APPROVED, APPROVED_BY_POLICY, null),
                Arguments.of("at the hour limit", atHourLimit, BLOCKED, RATE_LIMIT_EXCEEDED,
                        "Rate limit exceeded: 2 intents per hour per agent"),
                Arguments.of("at the day limit", atDayLimit, BLOCKED, RATE_LIMIT_EXCEEDED,
                        "Rate limit exceeded: 5 intents per day per agent"),
                Arguments.of("over the day limit", overDayLimit, BLOCKED, RATE_LIMIT_EXCEEDED,
                        "Rate limit exceeded: 5 intents per day per agent"),
                Arguments.of("counting failed", failed, BLOCKED, RATE_LIMIT_EXCEEDED,
                        "Rate limit could not be checked; blocked (fail closed)"),
                Arguments.of("nonsense counts fail closed", negative, BLOCKED, RATE_LIMIT_EXCEEDED,
                        "Rate limit could not be checked; blocked (fail closed)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rateLimits")
    void appliesRateLimitsWithTheStoreCounts(String name, UnaryOperator<Evaluation> counts, IntentStatus status,
                                             ReasonCode code, String blockReason) {
        Evaluation pending = evaluator.evaluate(req("limited", "x").payload("hello").build());
        assertTrue(pending.needsRateCounts());
        assertEquals(new RateLimits(2L, 5L), pending.pendingRateLimits());
        Evaluation e = counts.apply(pending);
        assertEquals(status, e.status());
        assertEquals(code, e.reasonCode());
        assertEquals(blockReason, e.blockReason());
        assertFalse(e.needsRateCounts());
    }

    @Test
    void rateLimitsComeBeforeLaterRules() {
        Evaluation e = evaluator.evaluate(req("limited", "x").payload("we sue").build());
        assertEquals(BLOCKED_TERM_DETECTED, e.reasonCode(), "decision if the limits pass");
        assertEquals(RATE_LIMIT_EXCEEDED, e.withRateCounts(2, 2).reasonCode());
        assertEquals(BLOCKED_TERM_DETECTED, e.withRateCounts(0, 0).reasonCode());
    }

    @Test
    void rateLimitsDoNotApplyWhenAnEarlierStepDecided() {
        Evaluation e = evaluator.evaluate(req("limited", "x").agentAllowedPolicies(List.of()).build());
        assertEquals(AGENT_NOT_ALLOWED, e.reasonCode());
        assertFalse(e.needsRateCounts());
        assertEquals(e, e.rateCountFailed(), "nothing to count, nothing to fail");
    }

    @Test
    void riskScoreInformsButNeverDecides() {
        Evaluation e = evaluator.evaluate(req("allow", "stripe.refund").recordCount(5000L).estimatedValueUsd(25_000.0)
                .sensitivityTags(List.of("pii", "financial")).build());
        assertEquals(APPROVED, e.status());
        assertEquals(1.0, e.riskScore());
        assertEquals(RiskLevel.CRITICAL, e.riskLevel());
        Evaluation low = evaluator.evaluate(req("always", "blog.publish").build());
        assertEquals(PENDING_APPROVAL, low.status());
        assertEquals(0.2, low.riskScore());
        assertEquals(RiskLevel.LOW, low.riskLevel());
    }

    @Test
    void anUnexpectedFailureBlocks() {
        PolicyEvaluator broken = new PolicyEvaluator(id -> {
            throw new IllegalStateException("store exploded");
        });
        Evaluation e = broken.evaluate(req("open", "x").build());
        assertEquals(BLOCKED, e.status());
        assertEquals(EVALUATION_FAILED, e.reasonCode());
        assertEquals("Policy evaluation failed; blocked (fail closed)", e.blockReason());
    }

    @Test
    void hostileInputGetsADecisionNotAnException() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String huge = "x".repeat(10_000);
        assertEquals(FIELD_CHECK_FAILED, evaluator.evaluate(req("checked", "x").payload(deep).build()).reasonCode());
        assertEquals(TYPE_NOT_ALLOWED, evaluator.evaluate(req("json-only", "x").payload(deep).build()).reasonCode());
        Evaluation e = evaluator.evaluate(new EvaluationRequest(huge, huge, null, null, null, null, Double.NaN,
                java.util.Arrays.asList("pii", null), java.util.Arrays.asList((String) null), null));
        assertEquals(POLICY_NOT_FOUND, e.reasonCode());
        assertTrue(e.blockReason().length() < 250, "agent input is not echoed at length");
    }

    @Test
    void aBacktrackingPronePatternStaysFast() {
        // (a+)+$ against "aaaa…!" takes exponential time with backtracking engines; RE2 is linear.
        String payload = "{\"s\":\"" + "a".repeat(100_000) + "!\"}";
        Evaluation e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> evaluator.evaluate(req("redos", "x").payload(payload).build()));
        assertEquals("Field check failed: 's' does not match pattern ^(a+)+$", e.blockReason());
    }
}
