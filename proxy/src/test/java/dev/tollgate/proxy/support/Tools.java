package dev.tollgate.proxy.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real command-line clients (curl, python3) with a bounded wait. */
public final class Tools {
    private Tools() {}

    public record Run(int exit, String output) {}

    public static Run run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static final String PYTHON_GET = String.join("\n",
            "import sys, ssl, urllib.request, urllib.error",
            "proxy, cafile, url = sys.argv[1], sys.argv[2], sys.argv[3]",
            "ctx = ssl.create_default_context(cafile=cafile)",
            "opener = urllib.request.build_opener(urllib.request.ProxyHandler({'http': proxy, 'https': proxy}),",
            "                                     urllib.request.HTTPSHandler(context=ctx))",
            "try:",
            "    r = opener.open(url, timeout=10)",
            "    print(r.status, r.headers.get('X-Gate-Intent-Id'), r.read().decode())",
            "except urllib.error.HTTPError as e:",
            "    print(e.code, e.headers.get('X-Gate-Intent-Id'), e.read().decode())");
}
