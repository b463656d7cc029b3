package dev.tollgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Python urllib client speaking exactly as Zehrava Gate's SDKs do (see sdk_wire_check.py). */
class SdkWireCompatibilityTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    @Test
    void zehravaSdkCallsWorkUnchanged() throws Exception {
        Path script = TollgateExtension.REPO.resolve("gateway/src/test/resources/sdk/sdk_wire_check.py");
        Process p = new ProcessBuilder("python3", script.toString(), gate.base(), gate.adminKey())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python client finished in time");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("all checks passed"), out);
    }
}
