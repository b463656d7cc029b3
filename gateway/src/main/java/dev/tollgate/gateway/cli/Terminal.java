package dev.tollgate.gateway.cli;

/**
 * Text from the server (agent names, reasons) is printed to a terminal: control characters,
 * including ESC and the C1 range, are replaced so that data cannot drive the terminal.
 */
final class Terminal {
    private Terminal() {}

    static String safe(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : c));
        return sb.toString();
    }
}
