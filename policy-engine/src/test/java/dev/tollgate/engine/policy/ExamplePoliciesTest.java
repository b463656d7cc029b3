package dev.tollgate.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policies shipped in config/policies load, and decide the seed's examples as documented. */
class ExamplePoliciesTest {
    static PolicyRegistry registry;

    @BeforeAll
    static void load() {
        registry = PolicyRegistry.load(PolicyFiles.examplePolicyDir());
    }

    @Test
    void allFiveLoadWithoutProblems() {
        assertTrue(registry.ids().containsAll(List.of("support-reply", "crm-low-risk", "finance-high-risk",
                "schema-checked-email", "blog-publish")), registry.ids().toString());
        assertEquals(List.of(), registry.reload());
    }

    @Test
    void onlyPoliciesThatLookAtPayloadsReadThem() {
        assertTrue(registry.find("support-reply").orElseThrow().readsPayload(), "terms and types");
        assertTrue(registry.find("schema-checked-email").orElseThrow().readsPayload(), "field checks");
        assertEquals(false, registry.find("finance-high-risk").orElseThrow().readsPayload());
        assertEquals(false, registry.find("allow").orElseThrow().readsPayload());
        assertEquals(false, registry.find("deny").orElseThrow().readsPayload());
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of(EvaluationRequest.builder("support-reply", "zendesk.reply")
                        .payload("Thank you — your issue has been resolved.").recordCount(1L).build(),
                        IntentStatus.APPROVED, ReasonCode.APPROVED_BY_POLICY),
                Arguments.of(EvaluationRequest.builder("support-reply", "zendesk.reply")
                        .payload("R3fund-GUARANT33D! Or we take Legal   action.").recordCount(1L).build(),
                        IntentStatus.BLOCKED, ReasonCode.BLOCKED_TERM_DETECTED),
                Arguments.of(EvaluationRequest.builder("support-reply", "slack.post").payload("hi").build(),
                        IntentStatus.BLOCKED, ReasonCode.DESTINATION_NOT_ALLOWED),
                Arguments.of(EvaluationRequest.builder("crm-low-risk", "salesforce.import")
                        .payload("./leads.csv").recordCount(847L).build(),
                        IntentStatus.PENDING_APPROVAL, ReasonCode.RECORD_THRESHOLD_EXCEEDED),
                Arguments.of(EvaluationRequest.builder("crm-low-risk", "hubspot.contacts")
                        .payload("leads.csv").recordCount(12L).build(),
                        IntentStatus.APPROVED, ReasonCode.APPROVED_BY_POLICY),
                Arguments.of(EvaluationRequest.builder("crm-low-risk", "salesforce.import")
                        .payload("leads.xlsx").recordCount(12L).build(),
                        IntentStatus.BLOCKED, ReasonCode.TYPE_NOT_ALLOWED),
                Arguments.of(EvaluationRequest.builder("finance-high-risk", "stripe.refund").recordCount(1L).build(),
                        IntentStatus.PENDING_APPROVAL, ReasonCode.MANUAL_REVIEW_REQUIRED),
                Arguments.of(EvaluationRequest.builder("schema-checked-email", "sendgrid.send")
                        .payload("{\"to\":\"a@b.io\",\"amount\":5}").environment("production").recordCount(1L).build(),
                        IntentStatus.PENDING_APPROVAL, ReasonCode.MANUAL_REVIEW_REQUIRED),
                Arguments.of(EvaluationRequest.builder("schema-checked-email", "sendgrid.send")
                        .payload("{\"to\":\"a@b.io\",\"amount\":5}").environment("development").build(),
                        IntentStatus.APPROVED, ReasonCode.APPROVED_BY_POLICY),
                Arguments.of(EvaluationRequest.builder("schema-checked-email", "loops.send")
                        .payload("{\"to\":\"not-an-address\"}").environment("development").build(),
                        IntentStatus.BLOCKED, ReasonCode.FIELD_CHECK_FAILED),
                Arguments.of(EvaluationRequest.builder("blog-publish", "cms.publish").payload("# Post").build(),
                        IntentStatus.PENDING_APPROVAL, ReasonCode.MANUAL_REVIEW_REQUIRED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void decidesTheSeedExamples(EvaluationRequest request, IntentStatus status, ReasonCode code) {
        Evaluation e = new PolicyEvaluator(registry).evaluate(request).withRateCounts(0, 0);
        assertEquals(status, e.status(), e::toString);
        assertEquals(code, e.reasonCode(), e::toString);
    }
}
