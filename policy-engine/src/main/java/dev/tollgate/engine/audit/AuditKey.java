package dev.tollgate.engine.audit;

import dev.tollgate.engine.util.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that keys the audit hash chain, kept in {@code <data-dir>/audit.key}.
 *
 * <p>File format: 32 random bytes written as 64 hexadecimal digits and a newline (text, so an
 * operator can back it up or move it with ordinary tools). Surrounding whitespace is ignored when
 * reading. The file is created mode 0600 atomically and refused when group or others can access it.
 * Without this file nobody, Tollgate included, can extend the chain or verify it.
 */
public final class AuditKey {
    public static final String FILE_NAME = "audit.key";
    static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;
    private final Path file;

    private AuditKey(byte[] key, Path file) {
        if (key.length != LENGTH) throw new IllegalArgumentException("an audit key is " + LENGTH + " bytes");
        this.key = key.clone();
        this.file = file;
    }

    /** A key held in memory only (tests, tools). */
    public static AuditKey of(byte[] key) { return new AuditKey(key, null); }

    /** Loads {@code <dataDir>/audit.key}, creating it (and the directory, 0700) when it does not exist. */
    public static AuditKey loadOrCreate(Path dataDir) throws IOException {
        PrivateFiles.createPrivateDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[LENGTH];
            new SecureRandom().nextBytes(fresh);
            try {
                PrivateFiles.writeNew(file, (HEX.formatHex(fresh) + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: theirs is the key, read it below.
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
        }
        return load(file);
    }

    /**
     * Loads an existing key file; never creates one (an offline verifier must not invent a key).
     *
     * @throws PrivateFiles.NotPrivateException when group or others can access the file
     * @throws IOException when the file is missing, unreadable or not a key
     */
    public static AuditKey load(Path file) throws IOException {
        PrivateFiles.checkPrivate(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.length() != LENGTH * 2 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException(file + " is not a Tollgate audit key (expected " + LENGTH * 2
                    + " hexadecimal digits)");
        }
        return new AuditKey(HEX.parseHex(text.toLowerCase(java.util.Locale.ROOT)), file);
    }

    /** Where the key was read from; null for an in-memory key. */
    public Path file() { return file; }

    /**
     * A public fingerprint of the key (HMAC of a fixed label, hex): stored with the data so a
     * database is never extended or checked with the wrong key, without revealing the key.
     */
    public String fingerprint() {
        return HEX.formatHex(newMac().doFinal("tollgate audit key fingerprint v1".getBytes(StandardCharsets.US_ASCII)));
    }

    /** A fresh HMAC-SHA256 instance keyed with this key; Mac objects are not thread-safe. */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override public String toString() { return "AuditKey[" + (file == null ? "in memory" : file) + "]"; }
}
