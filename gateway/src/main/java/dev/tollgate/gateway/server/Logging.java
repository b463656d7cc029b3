package dev.tollgate.gateway.server;

import dev.tollgate.gateway.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr ({@code time level logger: message}), at the configured level,
 * written by {@link AsyncLogHandler} so no caller (an event loop above all) waits for stderr.
 * The JDK's default two-line format splits every record, which defeats grep and log shippers.
 */
final class Logging {
    private Logging() {}

    static void configure(Settings.LogLevel level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new OneLine());
        Level jul = toJul(level);
        handler.setLevel(jul);
        root.setLevel(jul);
        AsyncLogHandler async = new AsyncLogHandler(handler);
        async.setLevel(jul);
        root.addHandler(async);
        // Netty's own debug chatter is not Tollgate's business at DEBUG.
        Logger.getLogger("io.netty").setLevel(level == Settings.LogLevel.TRACE ? Level.FINEST : Level.INFO);
    }

    static Level toJul(Settings.LogLevel level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINEST;
        };
    }

    static final class OneLine extends Formatter {
        @Override public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160).append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ")
                    .append(formatMessage(r).replace('\n', ' '));
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                sb.append('\n').append(w);
            }
            return sb.append('\n').toString();
        }
    }
}
