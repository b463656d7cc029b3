package dev.tollgate.proxy.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://api.example.com/v1/x?q=1#f        | https | api.example.com | 443  | /v1/x
            http://api.example.com                     | http  | api.example.com | 80   | /
            HTTP://Api.Example.com:8080/a%2Fb          | http  | Api.Example.com | 8080 | /a%2Fb
            https://user:pw@api.example.com:/x         | https | api.example.com | 443  | /x
            http://[2001:db8::1]:8080/                 | http  | [2001:db8::1]   | 8080 | /
            http://my_host.internal/x                  | http  | my_host.internal| 80   | /x
            """)
    void fromUrl(String url, String scheme, String host, int port, String path) {
        assertEquals(new RequestTarget("GET", scheme, host, port, path), RequestTarget.fromUrl("GET", url));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1/x                          | not an absolute http:// or https:// URL
            ftp://example.com/x            | not an absolute http:// or https:// URL
            mailto:a@example.com           | not an absolute http:// or https:// URL
            https:///x                     | has no host
            http://example.com:99999/      | invalid port
            http://example.com:abc/        | invalid port
            'http://exa mple.com/'         | not a valid URL
            'http://example.com/a\\\\b'      | not a valid URL
            """)
    void badUrls(String url, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RequestTarget.fromUrl("GET", url));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test void schemeAndPortAreChecked() {
        assertEquals(443, new RequestTarget("GET", "HTTPS", "h", "/").port());
        assertEquals("https", new RequestTarget("GET", "HTTPS", "h", "/").scheme());
        assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "ftp", "h", "/"));
        assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "http", "h", 0, "/"));
        assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "http", "h", 65536, "/"));
    }
}
