package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny SQL scanner: splits statements on {@code ;} outside quotes and comments, finds each
 * statement's verb at parenthesis depth 0 (so a CTE's body does not hide the main verb), and grades
 * it. Client meta-commands that reach the shell or files ({@code \!}, {@code .shell},
 * {@code COPY ... PROGRAM}) are not analysable.
 */
final class SqlScanner {
    /** A grade, or {@code blocked} with a reason when the SQL can run programs. */
    record Result(RiskTier tier, String reason, boolean blocked) {}

    private SqlScanner() {}

    static Result scan(String sql) {
        Result worst = new Result(RiskTier.SAFE, "reads data", false);
        for (String stmt : split(sql)) {
            Result r = statement(stmt.trim());
            if (r.blocked) return r;
            if (r.tier.ordinal() > worst.tier.ordinal()) worst = r;
        }
        return worst;
    }

    private static Result statement(String s) {
        if (s.isEmpty()) return new Result(RiskTier.SAFE, "empty", false);
        char c0 = s.charAt(0);
        if (c0 == '\\' || c0 == '.') return meta(s);
        List<String> words = topLevelWords(s);
        if (words.isEmpty()) return new Result(RiskTier.SAFE, "no statement", false);
        String verb = words.get(0);
        if (verb.equals("WITH")) {
            for (String w : words) {
                if (w.equals("SELECT") || w.equals("INSERT") || w.equals("UPDATE") || w.equals("DELETE") || w.equals("MERGE")) {
                    verb = w;
                    break;
                }
            }
        }
        boolean where = words.contains("WHERE");
        return switch (verb) {
            case "SELECT", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "VALUES", "TABLE", "BEGIN", "COMMIT", "ROLLBACK", "START",
                    "SAVEPOINT", "RELEASE", "USE", "PRAGMA", "SET", "RESET", "LISTEN", "FETCH", "DECLARE", "CLOSE", "PREPARE", "ANALYZE" -> {
                if (words.contains("INTO") && verb.equals("SELECT")) yield new Result(RiskTier.DESTRUCTIVE, "SQL SELECT INTO writes a table", false);
                yield new Result(RiskTier.SAFE, "SQL " + verb + " reads", false);
            }
            case "DROP", "TRUNCATE" -> new Result(RiskTier.CRITICAL, "SQL " + verb, false);
            case "DELETE" -> where ? new Result(RiskTier.DESTRUCTIVE, "SQL DELETE with WHERE", false)
                    : new Result(RiskTier.CRITICAL, "SQL DELETE without WHERE", false);
            case "UPDATE" -> where ? new Result(RiskTier.DESTRUCTIVE, "SQL UPDATE with WHERE", false)
                    : new Result(RiskTier.CRITICAL, "SQL UPDATE without WHERE", false);
            case "COPY" -> words.contains("PROGRAM") ? new Result(RiskTier.CRITICAL, "SQL COPY ... PROGRAM runs a program", true)
                    : new Result(RiskTier.DESTRUCTIVE, "SQL COPY", false);
            default -> new Result(RiskTier.DESTRUCTIVE, "SQL " + verb + " writes", false);
        };
    }

    private static Result meta(String s) {
        String cmd = s.split("\\s+", 2)[0];
        return switch (cmd) {
            case "\\d", "\\dt", "\\di", "\\dv", "\\dn", "\\df", "\\du", "\\l", "\\list", "\\x", "\\q", "\\timing", "\\conninfo",
                    "\\echo", "\\pset", "\\a", "\\t", "\\dx", "\\ds", "\\dp", "\\d+", "\\dt+", "\\l+",
                    ".tables", ".schema", ".mode", ".headers", ".indexes", ".quit", ".exit", ".databases", ".help", ".width",
                    ".timer", ".dump", ".show" -> new Result(RiskTier.SAFE, "client command " + cmd, false);
            case "\\!", "\\g", "\\gexec", "\\o", "\\w", "\\copy", "\\i", "\\ir", "\\e", "\\ef", "\\ev", "\\setenv",
                    ".shell", ".system", ".output", ".once", ".read", ".load", ".import", ".save", ".backup", ".restore", ".open",
                    ".excel" -> new Result(RiskTier.CRITICAL, "client command " + cmd + " reaches the shell or files", true);
            default -> new Result(RiskTier.CRITICAL, "client command " + cmd + " not understood", true);
        };
    }

    /** Statements split on ';' outside quotes, dollar quotes and comments. */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') i++;
                cur.append(' ');
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
                cur.append(' ');
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int e = i + 1;
                while (e < n && sql.charAt(e) != c) e++;
                cur.append(' ').append('x').append(' ');
                i = Math.min(n, e + 1);
                continue;
            }
            if (c == '$') {
                int e = sql.indexOf('$', i + 1);
                if (e > 0) {
                    String tag = sql.substring(i, e + 1);
                    boolean isTag = true;
                    for (int k = 1; k < tag.length() - 1; k++) if (!Character.isLetterOrDigit(tag.charAt(k)) && tag.charAt(k) != '_') isTag = false;
                    if (isTag) {
                        int close = sql.indexOf(tag, e + 1);
                        i = close < 0 ? n : close + tag.length();
                        cur.append(" x ");
                        continue;
                    }
                }
            }
            if (c == ';' || (c == '\n' && (cur.toString().trim().startsWith("\\") || cur.toString().trim().startsWith(".")))) {
                out.add(cur.toString());
                cur.setLength(0);
                i++;
                continue;
            }
            cur.append(c);
            i++;
        }
        out.add(cur.toString());
        return out;
    }

    /** Upper-cased identifiers at parenthesis depth 0. */
    private static List<String> topLevelWords(String s) {
        List<String> words = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                if (depth == 0) words.add(s.substring(i, j).toUpperCase(Locale.ROOT));
                i = j;
            } else {
                i++;
            }
        }
        return words;
    }
}
