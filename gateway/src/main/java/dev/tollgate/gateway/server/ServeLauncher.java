package dev.tollgate.gateway.server;

import dev.tollgate.gateway.cli.ServerLauncher;
import dev.tollgate.gateway.config.Settings;
import java.util.concurrent.CountDownLatch;

/** {@code tollgate serve}: starts the server, prints where it listens, runs until SIGTERM/SIGINT. */
public final class ServeLauncher implements ServerLauncher {
    @Override public int run(Settings settings) throws Exception {
        long started = System.nanoTime();
        Logging.configure(settings.log().level());
        TollgateServer server = TollgateServer.start(settings, System.getenv(), System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tollgate-shutdown"));
        System.out.printf("Tollgate API listening on http://%s:%d (ready in %d ms; data %s, policies %s)%n",
                settings.bind(), server.apiPort(), (System.nanoTime() - started) / 1_000_000,
                settings.dataDir(), settings.policyDir());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
