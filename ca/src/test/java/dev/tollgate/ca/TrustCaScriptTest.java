package dev.tollgate.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/trust-ca.sh}, run with bash from the repository root as a user would. */
class TrustCaScriptTest {
    /** Surefire runs in the module directory, {@code ca/}. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = ROOT.resolve("scripts/trust-ca.sh");
    @TempDir static Path tmp;
    static CertificateAuthority ca;

    record Result(int exit, String out, String err) {}

    @BeforeAll static void createCa() throws Exception {
        ca = CertificateAuthority.loadOrCreate(tmp.resolve("data/ca"), KeyAlgorithm.EC, Clock.systemUTC(), "h");
    }

    static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("trust-ca.sh did not finish in 30 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String sudo() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().equals("0") ? "" : "sudo ";
    }

    @Test void scriptIsValidBash() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test void dryRunPrintsTheDebianCommandsAndChangesNothing() throws Exception {
        boolean debian = Files.isDirectory(Path.of("/usr/local/share/ca-certificates"))
                || Files.isExecutable(Path.of("/usr/sbin/update-ca-certificates"));
        assumeTrue(debian && !System.getProperty("os.name").startsWith("Mac"), "not a Debian-like system");
        Path installed = Path.of("/usr/local/share/ca-certificates/tollgate-ca.crt");
        boolean existedBefore = Files.exists(installed);
        String file = ca.certificateFile().toString();

        Result r = run("--dry-run", file);
        assertEquals(0, r.exit(), r.err());
        assertEquals(sudo() + "install -m 0644 " + file + " /usr/local/share/ca-certificates/tollgate-ca.crt\n"
                + sudo() + "update-ca-certificates\n", r.out());
        assertEquals("", r.err());
        assertEquals(existedBefore, Files.exists(installed), "a dry run installs nothing");
    }

    @Test void theDefaultFileIsUnderDataInTheWorkingDirectory() throws Exception {
        assumeTrue(!Files.exists(ROOT.resolve("data/ca/tollgate-ca.crt")), "a CA exists in the checkout");
        Result r = run("--dry-run");
        assertEquals(1, r.exit());
        assertEquals("trust-ca: ./data/ca/tollgate-ca.crt: no such file (create the CA with: tollgate ca init)\n", r.err());
    }

    @Test void refusesWhatIsNotOnePemCertificate() throws Exception {
        Result key = run("--dry-run", ca.keyFile().toString());
        assertEquals(1, key.exit());
        assertTrue(key.err().contains("holds a private key"), key.err());
        assertEquals("", key.out());

        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello\n");
        Result notPem = run("--dry-run", text.toString());
        assertEquals(1, notPem.exit());
        assertTrue(notPem.err().contains("is not a PEM certificate"), notPem.err());

        Path two = tmp.resolve("two.pem");
        Files.writeString(two, ca.pemCertificate() + ca.pemCertificate());
        assertEquals(1, run("--dry-run", two.toString()).exit());

        Path der = tmp.resolve("ca.der");
        Files.write(der, ca.derCertificate());
        assertEquals(1, run("--dry-run", der.toString()).exit());

        assertEquals(1, run("--dry-run", tmp.resolve("missing.crt").toString()).exit());
        assertEquals(1, run("--no-such-option").exit());
    }

    @Test void dryRunForAJavaKeystore() throws Exception {
        String file = ca.certificateFile().toString();
        Path ks = tmp.resolve("trust store.p12");
        Result r = run("--dry-run", "--java-keystore", ks.toString(), "--storepass", "pw", file);
        assertEquals(0, r.exit(), r.err());
        String quoted = ks.toString().replace(" ", "\\ ");
        assertEquals("# if the alias tollgate-ca exists already:\n"
                + "keytool -delete -noprompt -alias tollgate-ca -keystore " + quoted + " -storepass pw\n"
                + "keytool -importcert -noprompt -trustcacerts -alias tollgate-ca -file " + file
                + " -keystore " + quoted + " -storepass pw\n", r.out());
        assertTrue(!Files.exists(ks), "a dry run creates no keystore");
    }

    @Test void importsIntoAJavaKeystoreAndCanRepeat() throws Exception {
        assumeTrue(new ProcessBuilder("bash", "-c", "command -v keytool").start().waitFor() == 0, "no keytool");
        Path ks = tmp.resolve("real.p12");
        for (int i = 0; i < 2; i++) {
            Result r = run("--java-keystore", ks.toString(), ca.certificateFile().toString());
            assertEquals(0, r.exit(), r.out() + r.err());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Files.readAllBytes(ks)), "changeit".toCharArray());
        assertTrue(store.isCertificateEntry("tollgate-ca"));
        assertEquals(ca.certificate(), store.getCertificate("tollgate-ca"));
        assertEquals(1, store.size());
    }
}
