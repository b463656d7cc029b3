package dev.tollgate.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeafHostTest {
    @ParameterizedTest
    @CsvSource({
            "Example.COM, example.com, false",
            "example.com., example.com, false",
            "localhost, localhost, false",
            "a-b.c_d.example, a-b.c_d.example, false",
            "123.example.com, 123.example.com, false",
            "192.168.0.1, 192.168.0.1, true",
            "0.0.0.0, 0.0.0.0, true",
            "[::], ::, true",
            "[::FFFF:1.2.3.4], ::ffff:102:304, true",
            "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1, true",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1, true",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3, true"})
    void canonicalForms(String input, String value, boolean ip) {
        assertEquals(new LeafHost(value, ip), LeafHost.parse(input));
    }
}
