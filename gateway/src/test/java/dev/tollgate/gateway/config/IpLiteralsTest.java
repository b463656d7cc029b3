package dev.tollgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @Test void parsesPlainLiterals() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpLiterals.parse("127.0.0.1").orElseThrow().getAddress());
        assertArrayEquals(new byte[16], IpLiterals.parse("::").orElseThrow().getAddress());
        assertTrue(IpLiterals.parse("2001:db8::1.2.3.4").isPresent());
    }

    /** None of these may be accepted, and none may cause a DNS lookup (they are refused before). */
    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "10.1", "1.2.3", "1.2.3.4.5", "010.0.0.1",
            "256.0.0.1", "1.2.3.-4", "::1%lo", "[::1]", "1:2:3", "g::1", ".:1", "12345::"})
    void refusesEverythingElse(String text) {
        assertTrue(IpLiterals.parse(text).isEmpty(), text);
    }
}
