package dev.tollgate.proxy.decision;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The payload type policies see for a proxied body (SPEC §4.1 step 5, §5.2), from its {@code Content-Type}. */
public final class BodyTypes {
    private BodyTypes() {}

    /** {@code json}, {@code csv}, {@code text}, {@code xml}, {@code form} or {@code binary}; null without a body. */
    public static String of(String contentType, ByteBuf body) {
        if (!body.isReadable()) return null;
        if (contentType == null || contentType.isBlank()) return utf8(body) != null ? "text" : "binary";
        return ofHeader(contentType);
    }

    /** The type of a body that is not read (it streams): from {@code Content-Type} alone, {@code binary} without one. */
    public static String ofHeader(String contentType) {
        if (contentType == null || contentType.isBlank()) return "binary";
        String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (t.equals("application/json") || t.equals("text/json") || t.endsWith("+json")) return "json";
        if (t.equals("text/csv") || t.equals("application/csv")) return "csv";
        if (t.equals("application/xml") || t.equals("text/xml") || t.endsWith("+xml")) return "xml";
        if (t.equals("application/x-www-form-urlencoded") || t.equals("multipart/form-data")) return "form";
        if (t.startsWith("text/")) return "text";
        return "binary";
    }

    public static boolean textLike(String type) { return type != null && !type.equals("binary"); }

    /** The body as text when it is valid UTF-8, else null. */
    public static String utf8(ByteBuf body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(body.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
