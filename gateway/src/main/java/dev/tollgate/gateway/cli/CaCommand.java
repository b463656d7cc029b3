package dev.tollgate.gateway.cli;

import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.ca.CertificateExport;
import dev.tollgate.ca.KeyAlgorithm;
import dev.tollgate.ca.KeyFiles;
import dev.tollgate.gateway.config.Settings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate ca init | show | export}: the CA in {@code <data-dir>/ca} (SPEC §6). */
@Command(name = "ca", description = "The certificate authority that signs the certificates of intercepted HTTPS hosts.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {CaCommand.Init.class, CaCommand.Show.class, CaCommand.Export.class})
final class CaCommand extends GroupCommand {

    /** The key type {@code serve} would give a new CA ({@code ca.key_algorithm}). */
    static KeyAlgorithm keyAlgorithm(Settings settings) {
        return settings.ca().keyAlgorithm() == Settings.KeyAlgorithm.RSA ? KeyAlgorithm.RSA : KeyAlgorithm.EC;
    }

    /** The existing CA, or exit 1 saying how to create one. */
    static CertificateAuthority existing(Settings settings, String command) throws java.io.IOException {
        Path dir = settings.caDir();
        return CertificateAuthority.loadIfPresent(dir, Clock.systemUTC()).orElseThrow(() -> new CommandFailure(1,
                command + ": no CA in " + dir + "; create it with `tollgate ca init` (tollgate serve also creates it at first start)"));
    }

    /** Base of the subcommands: settings from {@code --data-dir} / {@code --config}, like {@code serve}. */
    abstract static class Local implements Callable<Integer> {
        final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin LocalOptions local;

        Local(CliContext context) {
            this.context = context;
        }

        PrintWriter out() { return spec.commandLine().getOut(); }
    }

    @Command(name = "init", description = {
            "Create the CA (tollgate-ca.crt, and tollgate-ca.key mode 0600) in <data-dir>/ca unless it exists.",
            "Prints the certificate's path and SHA-256 fingerprint; exit 0 whether created or already there."})
    static final class Init extends Local {
        Init(CliContext context) {
            super(context);
        }

        @Override public Integer call() throws Exception {
            Settings settings = local.settings(context);
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(settings.caDir(), keyAlgorithm(settings), Clock.systemUTC());
            PrintWriter out = out();
            if (ca.created()) {
                out.println("Created the Tollgate CA (" + ca.keyDescription() + "): " + ca.certificateFile());
                out.println("Private key (mode 0600): " + ca.keyFile());
            } else {
                out.println("The Tollgate CA already exists: " + ca.certificateFile());
            }
            out.println("SHA-256 fingerprint: " + ca.fingerprintSha256());
            return 0;
        }
    }

    @Command(name = "show", description = {
            "Print the CA certificate's subject, serial, validity, key and SHA-256 fingerprint.",
            "Exit 1 when there is no CA yet, or when its files cannot be used."})
    static final class Show extends Local {
        Show(CliContext context) {
            super(context);
        }

        @Override public Integer call() throws Exception {
            CertificateAuthority ca = existing(local.settings(context), "ca show");
            X509Certificate c = ca.certificate();
            PrintWriter out = out();
            out.println("Certificate: " + ca.certificateFile());
            out.println("Subject:     " + c.getSubjectX500Principal().getName());
            out.println("Serial:      " + c.getSerialNumber().toString(16));
            out.println("Not before:  " + c.getNotBefore().toInstant());
            out.println("Not after:   " + c.getNotAfter().toInstant());
            out.println("Key:         " + ca.keyDescription());
            out.println("SHA-256:     " + ca.fingerprintSha256());
            return 0;
        }
    }

    enum Format { pem, der, p12 }

    @Command(name = "export", description = {
            "Write the CA certificate for a trust store: PEM (default; to stdout without --out), DER, or",
            "PKCS#12 (a Java trust store with the trusted entry \"tollgate-ca\"). Files are written mode 0644:",
            "the certificate is public. The private key is never exported."})
    static final class Export extends Local {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pem",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); der and p12 need --out")
        Format format;
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (replacing it) instead of stdout")
        Path out;
        @Option(names = "--password", paramLabel = "P",
                description = "PKCS#12 store password (default: " + CertificateExport.DEFAULT_PKCS12_PASSWORD + ")")
        String password;

        Export(CliContext context) {
            super(context);
        }

        @Override public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            if (out == null && format != Format.pem) {
                throw new CommandLine.ParameterException(cl, "--format " + format + " is binary: name the file with --out FILE");
            }
            if (password != null && format != Format.p12) {
                throw new CommandLine.ParameterException(cl, "--password applies to --format p12 only");
            }
            CertificateAuthority ca = existing(local.settings(context), "ca export");
            byte[] content = switch (format) {
                case pem -> ca.pemCertificate().getBytes(StandardCharsets.US_ASCII);
                case der -> ca.derCertificate();
                case p12 -> ca.pkcs12((password != null ? password : CertificateExport.DEFAULT_PKCS12_PASSWORD).toCharArray());
            };
            if (out == null) {
                out().print(new String(content, StandardCharsets.US_ASCII));
                out().flush();
                return 0;
            }
            Path file = context.cwd().resolve(out).normalize();
            Path dir = file.getParent();
            if (dir != null && !Files.isDirectory(dir)) throw new CommandFailure(1, "ca export: no such directory: " + dir);
            KeyFiles.writePublic(file, content);
            out().println("Wrote the CA certificate (" + describe(format) + ") to " + file);
            return 0;
        }

        private static String describe(Format f) {
            return switch (f) {
                case pem -> "PEM";
                case der -> "DER";
                case p12 -> "PKCS#12 trust store, alias " + CertificateExport.ALIAS;
            };
        }
    }
}
