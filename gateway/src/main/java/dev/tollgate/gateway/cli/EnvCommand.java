package dev.tollgate.gateway.cli;

import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.ca.KeyFiles;
import dev.tollgate.gateway.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tollgate env}: the {@code export} lines that route an agent's shell through the proxy and
 * make its tools trust Tollgate's CA (SPEC §6). Use as {@code eval "$(tollgate env --agent-key K)"}.
 */
@Command(name = "env", description = {
        "Print the shell export lines an agent needs: HTTP(S)_PROXY (with credentials when --agent-key is",
        "given), NO_PROXY, and the CA variables (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE,",
        "GIT_SSL_CAINFO, PIP_CERT -> <data-dir>/ca/bundle.pem, the system CAs plus Tollgate's, rewritten",
        "on each run; NODE_EXTRA_CA_CERTS -> the Tollgate CA alone). Creates the CA if it does not exist.",
        "Usage: eval \"$(tollgate env --agent-key \"$KEY\")\""})
final class EnvCommand implements Callable<Integer> {
    static final String BUNDLE_FILE = "bundle.pem";
    static final String NO_PROXY = "localhost,127.0.0.1,::1";
    /** Where distributions keep the system CA bundle, most common first (Debian, RHEL, macOS/BSD, SUSE). */
    static final List<Path> SYSTEM_BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"), Path.of("/etc/ssl/ca-bundle.pem"));
    private static final List<String> BUNDLE_VARIABLES =
            List.of("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO", "PIP_CERT");

    private final CliContext context;
    private final List<Path> systemBundles;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin LocalOptions local;

    @Option(names = "--agent-key", paramLabel = "KEY", description = {
            "Put this agent key in the proxy URL (Proxy-Authorization: Basic).",
            "The printed lines then hold the key: do not paste them into shared places."})
    String agentKey;
    @Option(names = "--agent-id", paramLabel = "ID", description = "User part of the proxy credentials (default: agent; the key decides)")
    String agentId;
    @Option(names = "--proxy-url", paramLabel = "URL",
            description = "Proxy URL (default: http://<bind>:<proxy port> from the settings)")
    String proxyUrl;

    EnvCommand(CliContext context) {
        this(context, SYSTEM_BUNDLES);
    }

    /** @param systemBundles candidate system CA bundles, first existing wins (tests pass their own) */
    EnvCommand(CliContext context, List<Path> systemBundles) {
        this.context = context;
        this.systemBundles = List.copyOf(systemBundles);
    }

    @Override public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (agentId != null && agentKey == null) throw new CommandLine.ParameterException(cl, "--agent-id needs --agent-key");
        if (agentKey != null && agentKey.isBlank()) throw new CommandLine.ParameterException(cl, "--agent-key: must not be empty");
        Settings settings = local.settings(context);
        String url = proxyUrl(settings, cl);

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(settings.caDir(), CaCommand.keyAlgorithm(settings), Clock.systemUTC());
        PrintWriter err = cl.getErr();
        if (ca.created()) err.println("Created the Tollgate CA: " + ca.certificateFile());
        Path bundle = writeBundle(ca, err);

        PrintWriter out = cl.getOut();
        for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) out.println(export(name, url));
        out.println(export("NO_PROXY", NO_PROXY));
        out.println(export("no_proxy", NO_PROXY));
        for (String name : BUNDLE_VARIABLES) out.println(export(name, bundle.toString()));
        out.println(export("NODE_EXTRA_CA_CERTS", ca.certificateFile().toString()));
        out.flush();
        err.flush();
        return 0;
    }

    /**
     * {@code <data-dir>/ca/bundle.pem}: the first system bundle found, then the Tollgate CA. Tools
     * given SSL_CERT_FILE and the like trust only that file, so the system CAs must stay in it for
     * the hosts Tollgate tunnels without interception.
     */
    private Path writeBundle(CertificateAuthority ca, PrintWriter err) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        Path system = systemBundles.stream().filter(Files::isReadable).findFirst().orElse(null);
        if (system != null) {
            byte[] bytes = Files.readAllBytes(system);
            content.writeBytes(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') content.write('\n');
        } else {
            err.println("warning: no system CA bundle found (looked for " + String.join(", ", systemBundles.stream().map(Path::toString).toList())
                    + "); the bundle holds only the Tollgate CA, so HTTPS that Tollgate does not intercept will fail verification");
        }
        content.writeBytes(ca.pemCertificate().getBytes(StandardCharsets.US_ASCII));
        Path bundle = ca.certificateFile().resolveSibling(BUNDLE_FILE);
        KeyFiles.writePublic(bundle, content.toByteArray());
        return bundle;
    }

    private String proxyUrl(Settings settings, CommandLine cl) {
        String credentials = agentKey == null ? "" : userinfo(agentId != null ? agentId : "agent") + ":" + userinfo(agentKey) + "@";
        if (proxyUrl == null) {
            return "http://" + credentials + urlHost(settings.bind()) + ":" + settings.proxy().port();
        }
        URI uri;
        try {
            uri = new URI(proxyUrl);
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(cl, "--proxy-url: not a URL: " + proxyUrl);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new CommandLine.ParameterException(cl, "--proxy-url: need http://HOST:PORT, not " + proxyUrl);
        }
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (agentKey == null) return proxyUrl; // credentials already in the URL, as the user wrote them
            authority = authority.substring(at + 1);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return scheme + "://" + credentials + authority + path;
    }

    /** Where clients reach the proxy: a wildcard bind address means "this machine", so loopback. */
    static String urlHost(String bind) {
        String host = switch (bind) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0", "[::]" -> "::1";
            default -> bind;
        };
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters: keys may hold ':', '@', '/', '%'. */
    static String userinfo(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    static String export(String name, String value) {
        return "export " + name + "=" + shellQuote(value);
    }

    /** Single quotes keep every character literal in sh; a quote itself is closed, escaped, reopened. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
