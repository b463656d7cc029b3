package dev.tollgate.proxy.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.intent.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationMatchTest {
    static final String RULES = """
            destinations:
              - name: stripe.refund
                match: { host: api.stripe.com, methods: [POST], path: /v1/refunds/** }
                policy: finance-high-risk
                pending: hold
                record_count: /records
              - name: stripe.read
                match: { host: api.stripe.com, methods: [GET] }
                policy: allow
              - name: example.wild
                match: { host: "*.example.com" }
                policy: wild
              - name: example.special
                match: { host: special.example.com }
                policy: never-reached
              - name: example.apex
                match: { host: example.com }
                policy: apex
              - name: admin.port
                match: { host: internal.test, port: 8443 }
                policy: admin
              - name: internal.plain
                match: { host: internal.test, port: 80 }
                policy: plain
              - name: files.one
                match: { host: files.test, path: "/v1/*/meta" }
                policy: one
              - name: files.json
                match: { host: files.test, path: "/docs/*.json" }
                policy: json
              - name: files.tree
                match: { host: files.test, path: "/tree/**/leaf" }
                policy: tree
              - name: files.exact
                match: { host: files.test, path: /exact/file }
                policy: exact
              - name: files.root
                match: { host: files.test, path: / }
                policy: root
              - name: files.enc
                match: { host: files.test, path: "/%7Euser/a%20b" }
                policy: enc
              - name: files.rest
                match: { host: files.test }
                policy: rest
              - name: ip.v4
                match: { host: 10.1.2.3 }
                policy: v4
              - name: ip.v6
                match: { host: "[2001:db8::1]" }
                policy: v6
              - name: connect.any
                match: { host: tunnel.test, methods: [CONNECT] }
                policy: tunnel
              - name: guarded.admin
                match: { host: guarded.test, path: /admin/** }
                policy: deny
              - name: guarded.rest
                match: { host: guarded.test }
                policy: allow
              - name: mail.send
                match: { host: api.sendgrid.com, methods: [POST], path: /v3/mail/send }
                policy: email
              - name: everything
                match: { host: all.test, path: /** }
                policy: all
            default_policy: null
            """;
    static final DestinationRules RULES_NULL_DEFAULT = DestinationsParser.parse("rules.yaml", RULES);
    static final DestinationRules RULES_WITH_DEFAULT = DestinationsParser.parse("rules.yaml",
            RULES.replace("default_policy: null", "default_policy: fallback"));

    /**
     * A target from {@code METHOD scheme://host[:port]/path?query}, split by hand rather than by
     * java.net.URI, so that paths URI would refuse (backslashes, spaces) can be tabled.
     * {@code CONNECT host:port} has no path.
     */
    static RequestTarget target(String method, String url) {
        if (method.equals("CONNECT")) {
            int colon = url.lastIndexOf(':');
            return new RequestTarget(method, "https", url.substring(0, colon), Integer.parseInt(url.substring(colon + 1)), null);
        }
        int schemeEnd = url.indexOf("://");
        String scheme = url.substring(0, schemeEnd);
        String rest = url.substring(schemeEnd + 3);
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            return new RequestTarget(method, scheme, authority.substring(0, colon),
                    Integer.parseInt(authority.substring(colon + 1)), path);
        }
        return new RequestTarget(method, scheme, authority, path);
    }

    /** Expected: "destination policy"; policy BLOCKED means 403 destination_not_allowed. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # exact host, case, trailing dot, method
            POST    | https://api.stripe.com/v1/refunds                 | stripe.refund           | finance-high-risk
            POST    | https://api.stripe.com/v1/refunds/re_1            | stripe.refund           | finance-high-risk
            POST    | https://API.Stripe.COM/v1/refunds/re_1            | stripe.refund           | finance-high-risk
            POST    | https://api.stripe.com./v1/refunds/re_1           | stripe.refund           | finance-high-risk
            POST    | https://api.stripe.com../v1/refunds               | api.stripe.com...https  | BLOCKED
            post    | https://api.stripe.com/v1/refunds/re_1            | stripe.refund           | finance-high-risk
            GET     | https://api.stripe.com/v1/refunds/re_1            | stripe.read             | allow
            DELETE  | https://api.stripe.com/v1/charges                 | api.stripe.com.https    | BLOCKED
            POST    | https://api.stripe.com/v1/charges                 | api.stripe.com.https    | BLOCKED
            POST    | https://api.stripe.com/v1/refundsx                | api.stripe.com.https    | BLOCKED
            # wildcard: any depth, not the apex, no look-alikes; first match wins over a later exact rule
            GET     | https://a.example.com/                            | example.wild            | wild
            GET     | https://a.b.c.example.com/x                       | example.wild            | wild
            GET     | https://A.EXAMPLE.COM./                           | example.wild            | wild
            GET     | https://special.example.com/                      | example.wild            | wild
            GET     | https://example.com/                              | example.apex            | apex
            GET     | http://EXAMPLE.com./                              | example.apex            | apex
            GET     | https://evil-example.com/                         | evil-example.com.https  | BLOCKED
            GET     | https://aexample.com/                             | aexample.com.https      | BLOCKED
            GET     | https://example.com.evil.net/                     | example.com.evil.net.https | BLOCKED
            GET     | https://.example.com/                             | .example.com.https      | BLOCKED
            GET     | https://a..example.com/                           | a..example.com.https    | BLOCKED
            GET     | https://a b.example.com/                          | a b.example.com.https   | BLOCKED
            # ports: explicit, and the scheme's default
            GET     | https://internal.test:8443/                       | admin.port              | admin
            GET     | https://internal.test/                            | internal.test.https     | BLOCKED
            GET     | http://internal.test/                             | internal.plain          | plain
            GET     | http://internal.test:80/                          | internal.plain          | plain
            GET     | https://internal.test:80/                         | internal.plain          | plain
            GET     | http://internal.test:8080/                        | internal.test.http      | BLOCKED
            GET     | http://internal.test:443/                         | internal.test.http      | BLOCKED
            # globs: * is one segment, ** any number (zero included)
            GET     | https://files.test/v1/abc/meta                    | files.one               | one
            GET     | https://files.test/v1/abc/def/meta                | files.rest              | rest
            GET     | https://files.test/v1/meta                        | files.rest              | rest
            GET     | https://files.test/docs/a.json                    | files.json              | json
            GET     | https://files.test/docs/.json                     | files.json              | json
            GET     | https://files.test/docs/sub/a.json                | files.rest              | rest
            GET     | https://files.test/docs/a.jsonx                   | files.rest              | rest
            GET     | https://files.test/tree/leaf                      | files.tree              | tree
            GET     | https://files.test/tree/a/b/c/leaf                | files.tree              | tree
            GET     | https://files.test/tree/a/b/c/leaf/more           | files.rest              | rest
            GET     | https://files.test/exact/file                     | files.exact             | exact
            GET     | https://files.test/exact/file/                    | files.exact             | exact
            GET     | https://files.test/exact/file?x=1&y=/../z         | files.exact             | exact
            GET     | https://files.test/exact/File                     | files.rest              | rest
            GET     | https://files.test/exact/fil                      | files.rest              | rest
            GET     | https://files.test/exact                          | files.rest              | rest
            GET     | https://files.test/                               | files.root              | root
            GET     | https://files.test                                | files.root              | root
            # percent-encoding: unreserved characters decoded, others compared as written (hex case ignored)
            GET     | https://files.test/%65xact/fil%65                 | files.exact             | exact
            GET     | https://files.test/~user/a%20b                    | files.enc               | enc
            GET     | https://files.test/%7euser/a%20b                  | files.enc               | enc
            GET     | https://files.test/~user/a b                      | files.test.https        | BLOCKED
            # unclear paths never match a path rule: the first rule that decides on the path blocks
            GET     | https://files.test/~user/a%2fb                    | files.test.https        | BLOCKED
            GET     | https://files.test/exact%2Ffile                   | files.test.https        | BLOCKED
            GET     | https://files.test/exact%5Cfile                   | files.test.https        | BLOCKED
            GET     | https://files.test/exact\\file                     | files.test.https        | BLOCKED
            GET     | https://files.test/exact/../exact/file            | files.test.https        | BLOCKED
            GET     | https://files.test/exact/./file                   | files.test.https        | BLOCKED
            GET     | https://files.test/exact/file/..                  | files.test.https        | BLOCKED
            GET     | https://files.test/x/%2e%2E/exact/file            | files.test.https        | BLOCKED
            GET     | https://files.test//exact/file                    | files.test.https        | BLOCKED
            GET     | https://files.test/exact//file                    | files.test.https        | BLOCKED
            GET     | https://files.test/exact;jsessionid=1/file        | files.test.https        | BLOCKED
            GET     | https://files.test/bad%zz                         | files.test.https        | BLOCKED
            GET     | https://files.test/bad%4                          | files.test.https        | BLOCKED
            GET     | https://files.test/caf\u00e9                      | files.test.https        | BLOCKED
            # the smuggling case: an unclear path must not step around the strict rule to a lax one
            GET     | https://guarded.test/admin/users                  | guarded.admin           | deny
            GET     | https://guarded.test/admin                        | guarded.admin           | deny
            GET     | https://guarded.test/%61dmin/users                | guarded.admin           | deny
            GET     | https://guarded.test/public/../admin/users        | guarded.test.https      | BLOCKED
            GET     | https://guarded.test//admin/users                 | guarded.test.https      | BLOCKED
            GET     | https://guarded.test/admin%2Fusers                | guarded.test.https      | BLOCKED
            GET     | https://guarded.test/public/x                     | guarded.rest            | allow
            GET     | https://guarded.test/administrator                | guarded.rest            | allow
            GET     | https://guarded.test/Admin/users                  | guarded.rest            | allow
            POST    | https://api.stripe.com//v1/refunds                | api.stripe.com.https    | BLOCKED
            # rules that do not decide on the path are unaffected by an unclear path
            GET     | https://api.stripe.com/v1/../refunds              | stripe.read             | allow
            GET     | https://all.test/a/../b                           | everything              | all
            GET     | https://all.test/                                 | everything              | all
            # IP literals match the address however it is written
            GET     | http://10.1.2.3/                                  | ip.v4                   | v4
            GET     | http://10.1.2.3:8080/x                            | ip.v4                   | v4
            GET     | http://[::ffff:10.1.2.3]/                         | ip.v4                   | v4
            GET     | http://10.1.2.4/                                  | 10.1.2.4.http           | BLOCKED
            GET     | http://[2001:db8::1]/                             | ip.v6                   | v6
            GET     | http://[2001:DB8:0:0:0:0:0:1]/                    | ip.v6                   | v6
            GET     | http://[2001:db8::2]/                             | 2001:db8::2.http        | BLOCKED
            # CONNECT (interception off): no path
            CONNECT | tunnel.test:443                                   | connect.any             | tunnel
            GET     | https://tunnel.test/                              | tunnel.test.https       | BLOCKED
            CONNECT | guarded.test:443                                  | guarded.test.https      | BLOCKED
            CONNECT | all.test:443                                      | everything              | all
            # exact path, trailing slash, method
            POST    | https://api.sendgrid.com/v3/mail/send             | mail.send               | email
            POST    | https://api.sendgrid.com/v3/mail/send/            | mail.send               | email
            POST    | https://api.sendgrid.com/v3/mail/send/x           | api.sendgrid.com.https  | BLOCKED
            PUT     | https://api.sendgrid.com/v3/mail/send             | api.sendgrid.com.https  | BLOCKED
            GET     | https://unknown.test/                             | unknown.test.https      | BLOCKED
            """)
    void matches(String method, String url, String destination, String policy) {
        Match m = RULES_NULL_DEFAULT.match(target(method, url));
        assertEquals(destination, m.destination(), m.detail());
        if (policy.equals("BLOCKED")) {
            assertTrue(m.blocked(), m.toString());
            assertNull(m.policy());
            assertNull(m.rule());
            assertEquals(ReasonCode.DESTINATION_NOT_ALLOWED, m.reasonCode());
        } else {
            assertEquals(policy, m.policy(), m.detail());
            assertEquals(Match.Outcome.RULE, m.outcome());
            assertEquals(destination, m.rule().name());
            assertNull(m.reasonCode());
        }
    }

    @Test void aMatchCarriesTheRuleItsLinePendingAndRecordCount() {
        Match m = RULES_NULL_DEFAULT.match(target("POST", "https://api.stripe.com/v1/refunds/re_1"));
        assertEquals(0, m.ruleIndex());
        assertEquals(2, m.line());
        assertEquals(Pending.HOLD, m.pending());
        assertEquals("/records", m.recordCountPointer());
        assertEquals("matched destinations[0] stripe.refund (line 2)", m.detail());

        Match read = RULES_NULL_DEFAULT.match(target("GET", "https://api.stripe.com/v1/x"));
        assertEquals(1, read.ruleIndex());
        assertEquals(7, read.line());
        assertNull(read.pending(), "no pending in the rule: the proxy default applies");
        assertNull(read.recordCountPointer(), "no record_count: one record");
    }

    @Test void withoutARuleAndWithoutDefaultPolicyTheRequestIsBlocked() {
        Match m = RULES_NULL_DEFAULT.match(target("GET", "https://Unknown.Test./x"));
        assertEquals(Match.Outcome.BLOCKED_NO_RULE, m.outcome());
        assertEquals("unknown.test.https", m.destination());
        assertEquals(-1, m.ruleIndex());
        assertEquals(0, m.line());
        assertNull(m.pending());
        assertNull(m.recordCountPointer());
    }

    @Test void withADefaultPolicyAnUnmatchedRequestIsNamedHostDotScheme() {
        Match https = RULES_WITH_DEFAULT.match(target("GET", "https://API.Other.com/x"));
        assertEquals(Match.Outcome.DEFAULT_POLICY, https.outcome());
        assertEquals("api.other.com.https", https.destination());
        assertEquals("fallback", https.policy());
        assertNull(https.rule());
        assertEquals(false, https.blocked());
        assertNull(https.reasonCode());

        Match http = RULES_WITH_DEFAULT.match(target("GET", "http://api.other.com:8080/x"));
        assertEquals("api.other.com.http", http.destination());
        assertEquals("fallback", http.policy());
    }

    /** A lax default must not be the way around a strict rule either. */
    @Test void anUnclearPathIsBlockedEvenWhenADefaultPolicyExists() {
        Match m = RULES_WITH_DEFAULT.match(target("POST", "https://api.stripe.com/v1/x/../refunds/re_1"));
        assertEquals(Match.Outcome.BLOCKED_UNCLEAR_PATH, m.outcome());
        assertTrue(m.blocked());
        assertEquals("api.stripe.com.https", m.destination());
        assertEquals("path \"/v1/x/../refunds/re_1\" has a '..' segment, and destinations[0] stripe.refund (line 2)"
                + " decides on the path: blocked rather than guessed", m.detail());
        // ...while a clear path no rule matches does get the default.
        assertEquals("fallback", RULES_WITH_DEFAULT.match(target("POST", "https://api.stripe.com/v1/charges")).policy());
    }

    @Test void connectWithoutPathIsExplained() {
        Match m = RULES_NULL_DEFAULT.match(target("CONNECT", "guarded.test:443"));
        assertEquals(Match.Outcome.BLOCKED_UNCLEAR_PATH, m.outcome());
        assertTrue(m.detail().startsWith("path (none) is unknown (a CONNECT tunnel can carry any path)"), m.detail());
    }

    @Test void anEmptyRuleListSendsEverythingToTheDefault() {
        DestinationRules none = DestinationsParser.parse("x.yaml", "destinations: []\n");
        assertTrue(none.match(target("GET", "https://a.test/")).blocked());
        DestinationRules allow = DestinationsParser.parse("x.yaml", "destinations: []\ndefault_policy: allow\n");
        assertEquals("allow", allow.match(target("GET", "https://a.test/")).policy());
    }
}
