package dev.tollgate.engine.config;

import dev.tollgate.engine.util.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration file read whole: strict UTF-8 (a byte-order mark is dropped), and the SHA-256 of
 * its bytes, which versions what was loaded (a policy's version is the hash of its file).
 */
public record ConfigFile(String source, String text, String sha256) {

    /** Reads {@code file}; an unreadable file or invalid UTF-8 is a {@link ConfigException} naming it. */
    public static ConfigFile read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(source, 0, "", "cannot read: " + e));
        }
        return new ConfigFile(source, decode(source, bytes), Hashing.sha256Hex(bytes));
    }

    static String decode(String source, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(source, 0, "", "not valid UTF-8"));
        }
    }
}
