package dev.tollgate.gateway.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --server} and {@code --key} for commands that talk to a running server. The key
 * defaults to TOLLGATE_ADMIN_KEY, then {@code <data-dir>/admin.key} with the data dir found as
 * {@code serve} finds it (hence {@code --data-dir} and {@code --config} here too).
 */
final class ServerOptions {
    static final String ADMIN_KEY_ENV = "TOLLGATE_ADMIN_KEY";

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:4000",
            description = "Tollgate API URL (default: ${DEFAULT-VALUE})")
    String server;
    @Option(names = "--key", paramLabel = "KEY", description = {
            "API key (default: " + ADMIN_KEY_ENV + ", then <data-dir>/admin.key).",
            "Prefer the variable: arguments are visible to other local users."})
    String key;
    @Mixin LocalOptions local;

    ApiClient client(CliContext context, CommandLine cmd) {
        URI base = base(cmd);
        if (key != null) {
            if (key.isBlank()) throw new CommandLine.ParameterException(cmd, "--key: must not be empty");
            return new ApiClient(base, key.strip(), "");
        }
        String fromEnv = context.env().get(ADMIN_KEY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return new ApiClient(base, fromEnv.strip(), "");
        Path file = local.settings(context).adminKeyFile();
        String fromFile = readKey(file);
        return new ApiClient(base, fromFile,
                "no API key found: pass --key, set " + ADMIN_KEY_ENV + ", or create " + file);
    }

    /** The key in {@code file}, or null when there is no such file. */
    private static String readKey(Path file) {
        try {
            String k = Files.readString(file).strip();
            if (k.isEmpty()) throw new CommandFailure(1, "key file " + file + " is empty");
            return k;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CommandFailure(1, "cannot read key file " + file + ": " + e.getMessage());
        }
    }

    private URI base(CommandLine cmd) {
        String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        try {
            URI uri = new URI(s);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (http && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) return uri;
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(cmd,
                "--server: must be an http:// or https:// URL such as http://127.0.0.1:4000, not '" + server + "'");
    }
}
