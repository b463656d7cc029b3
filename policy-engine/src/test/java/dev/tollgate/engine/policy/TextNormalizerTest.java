package dev.tollgate.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextNormalizerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("em dash and full stop are word breaks",
                        "Thank you — your issue has been resolved.", "thank you your issue has been resolved"),
                Arguments.of("leet digits, hyphen and case", "R3fund-GUARANT33D!", "refund guaranteed"),
                Arguments.of("runs of spaces collapse", "Legal   action.", "legal action"),
                Arguments.of("precomposed accents removed", "Café DÉJÀ vu", "cafe deja vu"),
                Arguments.of("combining accents removed", "e\u0301cole", "ecole"),
                Arguments.of("fullwidth letters and ideographic space", "ＬＥＧＡＬ　ＡＣＴＩＯＮ", "legal action"),
                Arguments.of("fullwidth leet digit", "ｒｅｆｕｎｄ ｇｕａｒａｎｔ３３ｄ", "refund guaranteed"),
                Arguments.of("ligature expands", "ﬁnance", "finance"),
                Arguments.of("sharp s folds to ss", "STRAßE", "strasse"),
                Arguments.of("dotted capital I", "İstanbul", "istanbul"),
                Arguments.of("Greek final sigma folds", "ΟΔΟΣ", "οδοσ"),
                Arguments.of("leet symbols", "p@$$w0rd 4 7h3 5173", "password a the site"),
                Arguments.of("digits without a leet meaning stay", "order 2 of 8", "order 2 of 8"),
                Arguments.of("line breaks and tabs", "legal\r\n\taction", "legal action"),
                Arguments.of("punctuation at both ends", "...\"Sue!\"...", "sue"),
                Arguments.of("only punctuation", " -- !? ", ""),
                Arguments.of("empty", "", ""),
                // the voicing mark of で is a combining mark after NFD, so it goes like an accent
                Arguments.of("ideographs and kana are words of their own", "詐欺です", "詐 欺 て す"),
                Arguments.of("mixed ASCII and accented within a word", "résumé-ready", "resume ready"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizes(String description, String input, String expected) {
        assertEquals(expected, TextNormalizer.normalize(input));
    }
}
