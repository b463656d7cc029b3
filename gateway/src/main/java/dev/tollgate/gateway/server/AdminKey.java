package dev.tollgate.gateway.server;

import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The admin key: {@code TOLLGATE_ADMIN_KEY}, else {@code <data-dir>/admin.key}, else generated into
 * that file (0600) at first start. Only its hash is kept in memory after startup.
 */
public final class AdminKey {
    public static final String ENV = "TOLLGATE_ADMIN_KEY";
    /** 24 random bytes as hex after the prefix, as generated; a hand-made key must be as long. */
    static final int MIN_SECRET_CHARS = 48;

    private AdminKey() {}

    /** Returns the SHA-256 hex of the admin key; {@code announce} is told where a new key was written. */
    public static String resolveHash(String fromEnv, Path file, Consumer<String> announce) throws IOException {
        if (fromEnv != null && !fromEnv.isEmpty()) return Hashing.sha256Hex(check(fromEnv, ENV));
        if (Files.exists(file)) {
            PrivateFiles.checkPrivate(file);
            return Hashing.sha256Hex(check(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString()));
        }
        String key = KeyKind.ADMIN.generate();
        PrivateFiles.writeNew(file, (key + "\n").getBytes(StandardCharsets.UTF_8));
        announce.accept("Generated an admin key into " + file + " (mode 0600). Use it as: Authorization: Bearer $(cat "
                + file + ")");
        return Hashing.sha256Hex(key);
    }

    private static String check(String key, String source) {
        if (!key.startsWith(KeyKind.ADMIN.prefix()) || key.length() < KeyKind.ADMIN.prefix().length() + MIN_SECRET_CHARS) {
            throw new ConfigException(new ConfigProblem(source, 0, "", "an admin key must be " + KeyKind.ADMIN.prefix()
                    + " followed by at least " + MIN_SECRET_CHARS + " random characters (delete the file to have one generated)"));
        }
        return key;
    }
}
