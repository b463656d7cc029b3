package dev.tollgate.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.proxy.support.TestCa;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

class ServerTlsTest {
    /** The jar bundles BoringSSL for Linux x86-64 and aarch64; falling back silently would triple handshake cost. */
    @Test
    void interceptionUsesBoringSslOnLinux() throws Exception {
        String arch = System.getProperty("os.arch");
        if (System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertTrue(OpenSsl.isAvailable(), "netty-tcnative did not load: " + OpenSsl.unavailabilityCause());
            assertEquals(SslProvider.OPENSSL, ServerTls.provider());
        }
        TestCa ca = new TestCa("ServerTlsTest CA");
        SslContext ctx = ca.forHost("api.example.com");
        assertTrue(ctx.isServer());
        assertEquals(ServerTls.provider() == SslProvider.OPENSSL,
                ctx instanceof io.netty.handler.ssl.OpenSslContext || ctx instanceof io.netty.handler.ssl.ReferenceCountedOpenSslContext,
                ctx.getClass().getName());
    }
}
