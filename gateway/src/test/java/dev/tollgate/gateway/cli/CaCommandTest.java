package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.ca.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CaCommandTest {
    @TempDir Path cwd;

    /**
     * Stands in for TollgateCli until {@code ca} and {@code env} are registered there: the same
     * factory and failure handler, so the commands run exactly as they will under {@code tollgate}.
     */
    @Command(name = "tollgate", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
            subcommands = {CaCommand.class, EnvCommand.class})
    static final class Root extends GroupCommand {}

    static CliRun run(Map<String, String> env, Path cwd, CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Root(), factory);
        cl.setExecutionExceptionHandler(new Failures(env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(Map<String, String> env, Path cwd, String... args) {
        return run(env, cwd, new ContextFactory(new CliContext(env, cwd, Plugins.of(Map.of()))), args);
    }

    private CliRun run(String... args) {
        return run(Map.of(), cwd, args);
    }

    private CertificateAuthority ca(Path dataDir) throws Exception {
        return CertificateAuthority.loadIfPresent(dataDir.resolve("ca"), Clock.systemUTC()).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca", "ca init", "ca show", "ca export", "env"})
    void everyCommandHasHelp(String command) {
        CliRun r = run(Stream.concat(Stream.of(command.split(" ")), Stream.of("--help")).toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: tollgate " + command), r.out());
        if (!command.equals("ca")) {
            assertTrue(r.out().contains("--data-dir") && r.out().contains("--config"), r.out());
        }
        if (command.equals("ca export")) {
            for (String o : new String[] {"--format", "--out", "--password", "pem, der, p12"}) assertTrue(r.out().contains(o), o);
        }
        if (command.equals("env")) {
            for (String o : new String[] {"--agent-key", "--agent-id", "--proxy-url"}) assertTrue(r.out().contains(o), o);
        }
    }

    @Test void caAloneIsAUsageError() {
        CliRun r = run("ca");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
    }

    @Test void initCreatesTheCaThenSaysItExists() throws Exception {
        CliRun r = run("ca", "init", "--data-dir", "state");
        assertEquals(0, r.exit(), r.toString());
        Path dir = cwd.resolve("state/ca");
        CertificateAuthority ca = ca(cwd.resolve("state"));
        assertEquals("Created the Tollgate CA (EC P-256 (ECDSA)): " + dir.resolve("tollgate-ca.crt") + "\n"
                + "Private key (mode 0600): " + dir.resolve("tollgate-ca.key") + "\n"
                + "SHA-256 fingerprint: " + ca.fingerprintSha256() + "\n", r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tollgate-ca.key"))));
        byte[] before = Files.readAllBytes(dir.resolve("tollgate-ca.key"));

        CliRun again = run("ca", "init", "--data-dir", "state");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("The Tollgate CA already exists: " + dir.resolve("tollgate-ca.crt") + "\n"
                + "SHA-256 fingerprint: " + ca.fingerprintSha256() + "\n", again.out());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("tollgate-ca.key"))));
    }

    @Test void initFollowsTheSettingsForDataDirAndKeyAlgorithm() throws Exception {
        Files.writeString(cwd.resolve("tollgate.yaml"), "data_dir: elsewhere\nca:\n  key_algorithm: rsa\n");
        CliRun r = run("ca", "init", "--config", "tollgate.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3072, ((RSAPublicKey) ca(cwd.resolve("elsewhere")).certificate().getPublicKey()).getModulus().bitLength());

        CliRun viaEnv = run(Map.of("TOLLGATE_DATA_DIR", "from-env"), cwd, "ca", "init");
        assertEquals(0, viaEnv.exit(), viaEnv.toString());
        assertTrue(Files.exists(cwd.resolve("from-env/ca/tollgate-ca.crt")));
    }

    @Test void initRefusesABrokenCa() throws Exception {
        assertEquals(0, run("ca", "init").exit());
        Path key = cwd.resolve("data/ca/tollgate-ca.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun r = run("ca", "init");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("ca init: " + key + " is accessible by group or others"), r.err());
        assertTrue(r.err().contains("chmod 600 " + key), r.err());
    }

    @Test void showPrintsTheCertificate() throws Exception {
        run("ca", "init");
        CertificateAuthority ca = ca(cwd.resolve("data"));
        X509Certificate c = ca.certificate();
        CliRun r = run("ca", "show");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(String.join("\n",
                "Certificate: " + cwd.resolve("data/ca/tollgate-ca.crt"),
                "Subject:     " + c.getSubjectX500Principal().getName(),
                "Serial:      " + c.getSerialNumber().toString(16),
                "Not before:  " + c.getNotBefore().toInstant(),
                "Not after:   " + c.getNotAfter().toInstant(),
                "Key:         EC P-256 (ECDSA)",
                "SHA-256:     " + ca.fingerprintSha256()) + "\n", r.out());
        assertTrue(r.out().contains("CN=Tollgate CA "), r.out());
    }

    @Test void showWithoutACaFailsAndCreatesNothing() {
        CliRun r = run("ca", "show");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ca show: no CA in " + cwd.resolve("data/ca")
                + "; create it with `tollgate ca init` (tollgate serve also creates it at first start)\n", r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(cwd.resolve("data")));
    }

    @Test void exportPemGoesToStdout() throws Exception {
        run("ca", "init");
        CliRun r = run("ca", "export");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(ca(cwd.resolve("data")).pemCertificate(), r.out());
        assertEquals(r.out(), run("ca", "export", "--format", "pem").out());
    }

    @Test void exportWritesPublicFiles() throws Exception {
        run("ca", "init");
        CertificateAuthority ca = ca(cwd.resolve("data"));
        CertificateFactory cf = CertificateFactory.getInstance("X.509");

        CliRun der = run("ca", "export", "--format", "der", "--out", "ca.der");
        assertEquals(0, der.exit(), der.toString());
        assertEquals("Wrote the CA certificate (DER) to " + cwd.resolve("ca.der") + "\n", der.out());
        assertEquals(ca.certificate(), cf.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cwd.resolve("ca.der")))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cwd.resolve("ca.der"))));

        assertEquals(0, run("ca", "export", "--out", "ca.pem").exit());
        assertEquals(ca.pemCertificate(), Files.readString(cwd.resolve("ca.pem")));

        assertEquals(0, run("ca", "export", "--format", "p12", "--out", "default.p12").exit());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(Files.readAllBytes(cwd.resolve("default.p12"))), "changeit".toCharArray());
        assertTrue(ks.isCertificateEntry("tollgate-ca"));
        assertEquals(ca.certificate(), ks.getCertificate("tollgate-ca"));

        CliRun p12 = run("ca", "export", "--format", "p12", "--out", "own.p12", "--password", "s3cret");
        assertEquals(0, p12.exit(), p12.toString());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(new ByteArrayInputStream(Files.readAllBytes(cwd.resolve("own.p12"))), "s3cret".toCharArray());
        assertEquals(ca.certificate(), own.getCertificate("tollgate-ca"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cwd.resolve("own.p12"))));
    }

    @Test void exportUsageErrors() throws Exception {
        run("ca", "init");
        CliRun der = run("ca", "export", "--format", "der");
        assertEquals(2, der.exit(), der.toString());
        assertTrue(der.err().contains("--format der is binary: name the file with --out FILE"), der.err());
        assertEquals("", der.out(), "nothing binary on a terminal");
        assertEquals(2, run("ca", "export", "--format", "p12").exit());
        assertEquals(2, run("ca", "export", "--format", "jks", "--out", "x").exit());
        assertEquals(2, run("ca", "export", "--password", "x").exit());
        CliRun noDir = run("ca", "export", "--out", "missing/ca.pem");
        assertEquals(1, noDir.exit(), noDir.toString());
        assertEquals("ca export: no such directory: " + cwd.resolve("missing") + "\n", noDir.err());
    }

    @Test void exportWithoutACaFails() {
        CliRun r = run("ca", "export");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("ca export: no CA in "), r.err());
    }
}
