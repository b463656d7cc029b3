package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RootMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tree under a temp dir:
 * <pre>
 * base/
 *   root/            read_write root
 *     a.txt, src/Main.java, .env, .ENV.local, docs/readme.md
 *     secrets/key.pem, nested/secrets/x.txt, big.bin (> max), bin.dat (binary)
 *   ro/              read_only root
 *     notes.txt
 *   root-evil/       NOT a root (prefix trap)
 *     evil.txt
 *   outside/secret.txt  (contains MARKER)
 * </pre>
 */
final class Fixture {
    static final String MARKER = "OUTSIDE-MARKER-7f3a9c";
    static final long MAX = 1024;
    static final List<String> GLOBS = List.of("**/.env", "**/.env.*", "**/secrets/**");

    final Path base;
    final Path root;
    final Path ro;
    final Path evil;
    final Path outside;
    final FileRules rules;

    Fixture(Path tempDir) throws IOException {
        base = tempDir.toRealPath();
        root = Files.createDirectories(base.resolve("root"));
        ro = Files.createDirectories(base.resolve("ro"));
        evil = Files.createDirectories(base.resolve("root-evil"));
        outside = Files.createDirectories(base.resolve("outside"));
        write(root.resolve("a.txt"), "hello\nworld\n");
        write(root.resolve("src/Main.java"), "class Main {\n  // TODO fix\n}\n");
        write(root.resolve(".env"), "TOKEN=" + MARKER + "\n");
        write(root.resolve(".ENV.local"), "TOKEN=" + MARKER + "\n");
        write(root.resolve("docs/readme.md"), "# Readme\nTODO: more\n");
        write(root.resolve("secrets/key.pem"), MARKER);
        write(root.resolve("nested/secrets/x.txt"), MARKER);
        Files.write(root.resolve("big.bin"), new byte[(int) MAX + 1]);
        Files.write(root.resolve("bin.dat"), new byte[] {0, 1, 2, (byte) 0xff, 'T', 'O', 'D', 'O'});
        write(ro.resolve("notes.txt"), "read only\n");
        write(evil.resolve("evil.txt"), MARKER);
        write(outside.resolve("secret.txt"), MARKER + "\n");
        rules = new FileRules(List.of(new AllowedRoot(root, RootMode.READ_WRITE), new AllowedRoot(ro, RootMode.READ_ONLY)),
                GLOBS, MAX);
    }

    static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s, StandardCharsets.UTF_8);
    }

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0) throw new IOException("mkfifo failed");
    }
}
