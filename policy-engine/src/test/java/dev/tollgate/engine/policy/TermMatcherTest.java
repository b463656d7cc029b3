package dev.tollgate.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TermMatcherTest {
    private static final List<String> SUPPORT_TERMS = List.of("refund guaranteed", "legal action", "sue");

    static Stream<Arguments> cases() {
        return Stream.of(
                // text, expected first match (null = none)
                Arguments.of("Thank you — your issue has been resolved.", null),
                Arguments.of("R3fund-GUARANT33D!", "refund guaranteed"),
                Arguments.of("Legal   action.", "legal action"),
                Arguments.of("We may take legal\n  action tomorrow", "legal action"),
                Arguments.of("Sue", "sue"),
                Arguments.of("sue them if needed", "sue"),
                Arguments.of("then we will SUE", "sue"),
                Arguments.of("Pursue the case", null),
                Arguments.of("suede shoes", null),
                Arguments.of("legal actions were discussed", null),
                Arguments.of("illegal action", null),
                Arguments.of("legal, then action", null),
                Arguments.of("a legal legal action", "legal action"),
                Arguments.of("legal\u00A0action", "legal action"),
                Arguments.of("all we can say is: legal", null),
                Arguments.of("Légal áction", "legal action"),
                Arguments.of("ＲＥＦＵＮＤ　ＧＵＡＲＡＮＴＥＥＤ", "refund guaranteed"),
                Arguments.of("r.e.f.u.n.d guaranteed", null),
                Arguments.of("5ue", "sue"),
                Arguments.of("we sue, then legal action, refund guaranteed", "refund guaranteed"),
                Arguments.of("", null));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
    @MethodSource("cases")
    void findsTermsAsConsecutiveWholeWords(String text, String expected) {
        assertEquals(Optional.ofNullable(expected), TermMatcher.of(SUPPORT_TERMS).firstMatch(text));
    }

    @Test
    void termsAreNormalisedLikeThePayload() {
        TermMatcher m = TermMatcher.of(List.of("Refund-Guaranteed!", "Légal ACTION"));
        assertEquals(Optional.of("Refund-Guaranteed!"), m.firstMatch("refund guaranteed"));
        assertEquals(Optional.of("Légal ACTION"), m.firstMatch("LEGAL action"));
    }

    @Test
    void termsSharingAFirstWordAreAllFound() {
        TermMatcher m = TermMatcher.of(List.of("wire transfer now", "wire money", "wire"));
        assertEquals(Optional.of("wire money"), m.firstMatch("please wire money"));
        assertEquals(Optional.of("wire"), m.firstMatch("please wire it"));
        assertEquals(Optional.of("wire transfer now"), m.firstMatch("wire money, wire transfer now"));
    }

    @Test
    void nullTextAndNoTermsNeverMatch() {
        assertEquals(Optional.empty(), TermMatcher.of(SUPPORT_TERMS).firstMatch(null));
        assertEquals(Optional.empty(), TermMatcher.of(List.of()).firstMatch("anything at all"));
    }

    @Test
    void aTermWithoutLettersOrDigitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TermMatcher.of(List.of("!!!")));
    }
}
