package dev.tollgate.proxy.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.policy.PolicyRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped config/destinations.yaml loads, names only existing policies, and maps as documented. */
class ExampleDestinationsTest {
    private static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

    @Test void loadsAndEveryPolicyItNamesExists() {
        DestinationRules rules = DestinationsParser.parse(CONFIG.resolve("destinations.yaml"));
        assertTrue(rules.rules().size() >= 5, rules.toString());
        assertNull(rules.defaultPolicy(), "the example fails closed");
        PolicyRegistry policies = PolicyRegistry.load(CONFIG.resolve("policies"));
        assertEquals(List.of(), rules.checkPolicies(id -> policies.find(id).isPresent()));
    }

    @Test void mapsTheDocumentedRequests() {
        DestinationRules rules = DestinationsParser.parse(CONFIG.resolve("destinations.yaml"));
        Match refund = rules.match(RequestTarget.fromUrl("POST", "https://api.stripe.com/v1/refunds/re_1"));
        assertEquals("stripe.refund", refund.destination());
        assertEquals("finance-high-risk", refund.policy());
        assertEquals(Pending.HOLD, refund.pending());

        Match sf = rules.match(RequestTarget.fromUrl("POST", "https://acme.my.salesforce.com/services/data/v59.0/composite"));
        assertEquals("salesforce.import", sf.destination());
        assertEquals("/records", sf.recordCountPointer());

        assertEquals("openai", rules.match(RequestTarget.fromUrl("GET", "https://api.openai.com/v1/models")).destination());
        Match other = rules.match(RequestTarget.fromUrl("GET", "https://example.org/"));
        assertTrue(other.blocked());
        assertEquals("example.org.https", other.destination());
        assertTrue(rules.match(RequestTarget.fromUrl("GET", "https://api.stripe.com/v1/charges")).blocked());
    }
}
