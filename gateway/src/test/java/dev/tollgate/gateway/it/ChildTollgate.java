package dev.tollgate.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code tollgate serve} in a child JVM (the test's classpath), so a test can SIGKILL it. */
final class ChildTollgate implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("API listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private ChildTollgate(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param serveArgs more {@code serve} flags, e.g. {@code --gateway-config FILE} */
    static ChildTollgate start(Path dataDir, String adminKey, String... serveArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.tollgate.gateway.cli.TollgateCli", "serve", "--port", "0", "--proxy-port", "0",
                "--data-dir", dataDir.toString(), "--policy-dir", TollgateExtension.REPO.resolve("config/policies").toString()));
        command.addAll(List.of(serveArgs));
        ProcessBuilder pb = new ProcessBuilder(command).directory(TollgateExtension.REPO.toFile()).redirectErrorStream(true);
        pb.environment().put("TOLLGATE_ADMIN_KEY", adminKey);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the child died; the port future fails below
            }
            port.completeExceptionally(new IllegalStateException("child exited before listening: " + lines));
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        ChildTollgate child = new ChildTollgate(p, port.get(30, TimeUnit.SECONDS));
        child.output.addAll(lines);
        return child;
    }

    int port() { return port; }

    String base() { return "http://127.0.0.1:" + port; }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
        }
    }
}
