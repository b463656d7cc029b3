package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.ca.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvCommandTest {
    @TempDir Path cwd;
    @TempDir Path elsewhere;

    /** Runs {@code env} with these candidate system bundles instead of the machine's. */
    private CliRun env(Map<String, String> vars, List<Path> systemBundles, String... args) {
        CliContext context = new CliContext(vars, cwd, Plugins.of(Map.of()));
        ContextFactory standard = new ContextFactory(context);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override public <K> K create(Class<K> type) throws Exception {
                return type == EnvCommand.class ? type.cast(new EnvCommand(context, systemBundles)) : standard.create(type);
            }
        };
        String[] all = new String[args.length + 1];
        all[0] = "env";
        System.arraycopy(args, 0, all, 1, args.length);
        return CaCommandTest.run(vars, cwd, factory, all);
    }

    private Path systemBundle() throws Exception {
        // Any real certificate will do as "the system's": a CA of another data directory.
        CertificateAuthority other = CertificateAuthority.loadOrCreate(elsewhere.resolve("ca"), dev.tollgate.ca.KeyAlgorithm.EC,
                Clock.systemUTC(), "system");
        Path file = elsewhere.resolve("system.pem");
        Files.writeString(file, other.pemCertificate().strip()); // no final newline: the bundle must still be valid PEM
        return file;
    }

    /** The export lines as a map, checking each line's shape. */
    private static Map<String, String> exports(String out) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            assertTrue(line.matches("export [A-Za-z_]+='[^']*'"), line);
            vars.put(line.substring(7, line.indexOf('=')), line.substring(line.indexOf('=') + 2, line.length() - 1));
        }
        return vars;
    }

    @Test void printsProxyAndCaVariablesAndWritesTheBundle() throws Exception {
        Path system = systemBundle();
        CliRun r = env(Map.of(), List.of(cwd.resolve("absent.pem"), system));
        assertEquals(0, r.exit(), r.toString());
        Path ca = cwd.resolve("data/ca/tollgate-ca.crt");
        Path bundle = cwd.resolve("data/ca/bundle.pem");
        assertEquals("Created the Tollgate CA: " + ca + "\n", r.err());
        Map<String, String> vars = exports(r.out());
        assertEquals(List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy",
                "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO", "PIP_CERT", "NODE_EXTRA_CA_CERTS"),
                new ArrayList<>(vars.keySet()));
        for (String v : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) assertEquals("http://127.0.0.1:4001", vars.get(v));
        assertEquals("localhost,127.0.0.1,::1", vars.get("NO_PROXY"));
        assertEquals("localhost,127.0.0.1,::1", vars.get("no_proxy"));
        for (String v : List.of("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO", "PIP_CERT")) {
            assertEquals(bundle.toString(), vars.get(v));
        }
        assertEquals(ca.toString(), vars.get("NODE_EXTRA_CA_CERTS"));

        // The bundle: the system's certificates, then the Tollgate CA, all parseable.
        CertificateAuthority tollgate = CertificateAuthority.loadIfPresent(ca.getParent(), Clock.systemUTC()).orElseThrow();
        String text = Files.readString(bundle);
        assertEquals(Files.readString(system) + "\n" + tollgate.pemCertificate(), text);
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(2, certs.size());
        assertEquals(tollgate.certificate(), new ArrayList<>(certs).get(1));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)));

        // A second run keeps the CA and rewrites the bundle.
        Files.writeString(bundle, "stale");
        CliRun again = env(Map.of(), List.of(system));
        assertEquals("", again.err());
        assertEquals(r.out(), again.out());
        assertEquals(text, Files.readString(bundle));
    }

    @Test void withoutASystemBundleWarnsAndBundlesTheTollgateCaAlone() throws Exception {
        CliRun r = env(Map.of(), List.of(cwd.resolve("absent.pem")), "--data-dir", "d");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("warning: no system CA bundle found (looked for " + cwd.resolve("absent.pem") + ")"), r.err());
        Path ca = cwd.resolve("d/ca/tollgate-ca.crt");
        assertEquals(Files.readString(ca), Files.readString(cwd.resolve("d/ca/bundle.pem")));
        assertEquals(ca.toString(), exports(r.out()).get("NODE_EXTRA_CA_CERTS"));
    }

    @Test void agentCredentialsAreUrlEncodedInTheProxyUrl() throws Exception {
        Path system = systemBundle();
        Map<String, String> vars = exports(env(Map.of(), List.of(system), "--agent-key", "gate_sk_a/b:c@d%e").out());
        assertEquals("http://agent:gate_sk_a%2Fb%3Ac%40d%25e@127.0.0.1:4001", vars.get("HTTPS_PROXY"));
        assertEquals(vars.get("HTTPS_PROXY"), vars.get("http_proxy"));

        vars = exports(env(Map.of(), List.of(system), "--agent-key", "gate_sk_x", "--agent-id", "agt 1").out());
        assertEquals("http://agt%201:gate_sk_x@127.0.0.1:4001", vars.get("HTTP_PROXY"));
    }

    @Test void theProxyUrlFollowsTheSettings() throws Exception {
        Path system = systemBundle();
        assertEquals("http://127.0.0.1:5001", exports(env(Map.of("TOLLGATE_PROXY_PORT", "5001"), List.of(system)).out()).get("HTTP_PROXY"));
        assertEquals("http://127.0.0.1:4001", exports(env(Map.of("TOLLGATE_BIND", "0.0.0.0"), List.of(system)).out()).get("HTTP_PROXY"));
        assertEquals("http://[::1]:4001", exports(env(Map.of("TOLLGATE_BIND", "::"), List.of(system)).out()).get("HTTP_PROXY"));
        assertEquals("http://[::1]:4001", exports(env(Map.of("TOLLGATE_BIND", "::1"), List.of(system)).out()).get("HTTP_PROXY"));
        assertEquals("http://192.0.2.7:4001", exports(env(Map.of("TOLLGATE_BIND", "192.0.2.7"), List.of(system)).out()).get("HTTP_PROXY"));
    }

    @Test void anExplicitProxyUrlGetsTheCredentials() throws Exception {
        Path system = systemBundle();
        assertEquals("http://gw.internal:3128", exports(env(Map.of(), List.of(system), "--proxy-url", "http://gw.internal:3128").out())
                .get("HTTP_PROXY"));
        assertEquals("http://agent:k@gw.internal:3128", exports(env(Map.of(), List.of(system),
                "--proxy-url", "http://old:creds@gw.internal:3128", "--agent-key", "k").out()).get("HTTP_PROXY"));
        assertEquals("http://u:p@gw.internal:3128", exports(env(Map.of(), List.of(system),
                "--proxy-url", "http://u:p@gw.internal:3128").out()).get("HTTP_PROXY"));
        assertEquals(2, env(Map.of(), List.of(system), "--proxy-url", "gw.internal:3128").exit());
        assertEquals(2, env(Map.of(), List.of(system), "--proxy-url", "ftp://gw.internal").exit());
        assertEquals(2, env(Map.of(), List.of(system), "--proxy-url", "http://bad host").exit());
        assertEquals(2, env(Map.of(), List.of(system), "--agent-id", "a").exit(), "--agent-id without a key");
    }

    @Test void valuesWithQuotesAreSafeForSh() throws Exception {
        assertEquals("export X='it'\\''s; $(rm -rf /) `x` \"y\"'", EnvCommand.export("X", "it's; $(rm -rf /) `x` \"y\""));
        Path dir = cwd.resolve("it's $HOME");
        Files.createDirectories(dir);
        CliRun r = env(Map.of(), List.of(systemBundle()), "--data-dir", dir.toString(), "--agent-key", "k'ey");
        assertEquals(0, r.exit(), r.toString());
        // A real shell reads back exactly the values.
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", r.out() + "\nprintf '%s\\n' \"$SSL_CERT_FILE\" \"$HTTP_PROXY\"");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(dir.resolve("ca/bundle.pem") + "\nhttp://agent:k%27ey@127.0.0.1:4001\n", printed);
    }

    @Test void theDefaultCandidatesAreTheUsualSystemBundles() {
        assertEquals(List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"), Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
                Path.of("/etc/ssl/cert.pem"), Path.of("/etc/ssl/ca-bundle.pem")), EnvCommand.SYSTEM_BUNDLES);
    }
}
