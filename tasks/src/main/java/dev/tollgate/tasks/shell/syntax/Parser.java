package dev.tollgate.tasks.shell.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the bash grammar (lists, pipelines, compound commands, function
 * definitions, redirections). One token of look-ahead, fetched lazily so that a nested parser for
 * {@code $(...)} stops exactly after its {@code )} and hands the position back to its caller.
 * Anything outside the grammar is a {@link ParseException}: the classifier blocks it.
 */
public final class Parser {
    /** Words that end a compound list when they appear where a command would start. */
    private static final Set<String> CLOSERS = Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}");

    private final Lexer lexer;
    private Token peeked;

    Parser(Lexer lexer) {
        this.lexer = lexer;
    }

    /** Parses a whole input. */
    public static Script parse(String source) throws ParseException {
        return new Parser(new Lexer(source, 0, 0)).parseScript();
    }

    Script parseScript() throws ParseException {
        Script s = parseList();
        Token t = peek();
        if (t.type() != Token.Type.EOF) throw unexpected(t);
        return s;
    }

    Script parseUntilCloseParen() throws ParseException {
        Script s = parseList();
        Token t = peek();
        if (!t.isOp(")")) throw t.type() == Token.Type.EOF
                ? new ParseException("unterminated substitution (missing ')')", t.position()) : unexpected(t);
        advance();
        return s;
    }

    private Token peek() throws ParseException {
        if (peeked == null) peeked = lexer.next();
        return peeked;
    }

    private Token advance() throws ParseException {
        Token t = peek();
        peeked = null;
        return t;
    }

    private static ParseException unexpected(Token t) {
        return new ParseException("unexpected " + t.describe(), t.position());
    }

    private void skipNewlines() throws ParseException {
        while (peek().type() == Token.Type.NEWLINE) advance();
    }

    private boolean atListEnd() throws ParseException {
        Token t = peek();
        return switch (t.type()) {
            case EOF -> true;
            case OP -> t.text().equals(")") || t.text().startsWith(";;") || t.text().equals(";&");
            case WORD -> t.word().plainText() != null && CLOSERS.contains(t.word().plainText());
            default -> false;
        };
    }

    private Script parseList() throws ParseException {
        List<Script.Item> items = new ArrayList<>();
        skipNewlines();
        while (!atListEnd()) {
            Script.AndOr ao = parseAndOr();
            Token t = peek();
            if (t.isOp(";")) {
                advance();
                items.add(new Script.Item(ao, false));
            } else if (t.isOp("&")) {
                advance();
                items.add(new Script.Item(ao, true));
            } else if (t.type() == Token.Type.NEWLINE) {
                items.add(new Script.Item(ao, false));
            } else {
                items.add(new Script.Item(ao, false));
                break;
            }
            skipNewlines();
        }
        return new Script(items);
    }

    /** A list that bash requires to be non-empty (bodies of compound commands). */
    private Script parseBody(String where) throws ParseException {
        Script s = parseList();
        if (s.items().isEmpty()) throw new ParseException("empty " + where, peek().position());
        return s;
    }

    private Script.AndOr parseAndOr() throws ParseException {
        List<Script.Pipeline> pipelines = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        pipelines.add(parsePipeline());
        while (peek().isOp("&&") || peek().isOp("||")) {
            ops.add(advance().text());
            skipNewlines();
            pipelines.add(parsePipeline());
        }
        return new Script.AndOr(pipelines, ops);
    }

    private Script.Pipeline parsePipeline() throws ParseException {
        boolean negated = false;
        while (peek().isWord("!")) {
            advance();
            negated = !negated;
        }
        List<Command> commands = new ArrayList<>();
        commands.add(parseCommand());
        while (peek().isOp("|") || peek().isOp("|&")) {
            advance();
            skipNewlines();
            commands.add(parseCommand());
        }
        return new Script.Pipeline(negated, commands);
    }

    private Command parseCommand() throws ParseException {
        Token t = peek();
        if (t.isOp("(")) {
            advance();
            if (lexer.nextCharIs('(')) {
                String expr = lexer.readArithCommand();
                return new Command.Arith(expr, redirects());
            }
            Script body = parseBody("subshell");
            expectOp(")");
            return new Command.Subshell(body, redirects());
        }
        if (t.type() == Token.Type.WORD && t.word().plainText() != null) {
            switch (t.word().plainText()) {
                case "{" -> {
                    advance();
                    Script body = parseBody("group");
                    expectWord("}");
                    return new Command.Group(body, redirects());
                }
                case "if" -> {
                    return parseIf();
                }
                case "while", "until" -> {
                    advance();
                    Script cond = parseBody("loop condition");
                    expectWord("do");
                    Script body = parseBody("loop body");
                    expectWord("done");
                    return new Command.Loop(t.word().isPlain("until"), cond, body, redirects());
                }
                case "for", "select" -> {
                    return parseFor(t.word().isPlain("select"));
                }
                case "case" -> {
                    return parseCase();
                }
                case "function" -> {
                    advance();
                    Token name = advance();
                    if (name.type() != Token.Type.WORD) throw unexpected(name);
                    if (peek().isOp("(")) {
                        advance();
                        expectOp(")");
                    }
                    skipNewlines();
                    return new Command.FunctionDef(name.word().source(), parseCommand());
                }
                case "[[" -> {
                    return parseCond();
                }
                case "then", "elif", "else", "fi", "do", "done", "esac", "}", "]]", "in" -> throw unexpected(t);
                default -> {
                    // a simple command
                }
            }
        }
        return parseSimple();
    }

    private Command parseIf() throws ParseException {
        advance();
        List<Script> conds = new ArrayList<>();
        List<Script> branches = new ArrayList<>();
        Script elseBranch = null;
        conds.add(parseBody("if condition"));
        expectWord("then");
        branches.add(parseBody("then branch"));
        while (true) {
            Token t = peek();
            if (t.isWord("elif")) {
                advance();
                conds.add(parseBody("elif condition"));
                expectWord("then");
                branches.add(parseBody("then branch"));
            } else if (t.isWord("else")) {
                advance();
                elseBranch = parseBody("else branch");
                expectWord("fi");
                break;
            } else {
                expectWord("fi");
                break;
            }
        }
        return new Command.If(conds, branches, elseBranch, redirects());
    }

    private Command parseFor(boolean select) throws ParseException {
        advance();
        if (!select && peek().isOp("(") && lexer.nextCharIs('(')) {
            advance();
            String header = lexer.readArithCommand();
            if (peek().isOp(";")) advance();
            skipNewlines();
            Script body = parseDoGroup();
            return new Command.ArithFor(header, body, redirects());
        }
        Token name = advance();
        if (name.type() != Token.Type.WORD || !isName(name.word().plainText())) {
            throw new ParseException("expected a variable name after for", name.position());
        }
        skipNewlines();
        List<Word> items = null;
        if (peek().isWord("in")) {
            advance();
            items = new ArrayList<>();
            while (peek().type() == Token.Type.WORD) items.add(advance().word());
            Token sep = peek();
            if (sep.isOp(";") || sep.type() == Token.Type.NEWLINE) {
                advance();
            } else {
                throw unexpected(sep);
            }
        } else if (peek().isOp(";")) {
            advance();
        }
        skipNewlines();
        Script body = parseDoGroup();
        return new Command.For(select, name.word().plainText(), items, body, redirects());
    }

    private Script parseDoGroup() throws ParseException {
        expectWord("do");
        Script body = parseBody("loop body");
        expectWord("done");
        return body;
    }

    private Command parseCase() throws ParseException {
        advance();
        Token subject = advance();
        if (subject.type() != Token.Type.WORD) throw unexpected(subject);
        skipNewlines();
        expectWord("in");
        skipNewlines();
        List<Command.CaseItem> items = new ArrayList<>();
        while (!peek().isWord("esac")) {
            if (peek().isOp("(")) advance();
            List<Word> patterns = new ArrayList<>();
            Token p = advance();
            if (p.type() != Token.Type.WORD) throw unexpected(p);
            patterns.add(p.word());
            while (peek().isOp("|")) {
                advance();
                p = advance();
                if (p.type() != Token.Type.WORD) throw unexpected(p);
                patterns.add(p.word());
            }
            expectOp(")");
            Script body = parseList();
            items.add(new Command.CaseItem(patterns, body));
            Token t = peek();
            if (t.isOp(";;") || t.isOp(";&") || t.isOp(";;&")) {
                advance();
                skipNewlines();
            } else if (!t.isWord("esac")) {
                throw unexpected(t);
            }
        }
        advance();
        return new Command.Case(subject.word(), items, redirects());
    }

    private Command parseCond() throws ParseException {
        Token open = advance();
        List<Word> words = new ArrayList<>();
        while (true) {
            Token t = advance();
            switch (t.type()) {
                case EOF -> throw new ParseException("unterminated [[", open.position());
                case WORD -> {
                    if (t.word().isPlain("]]")) return new Command.Cond(words, redirects());
                    words.add(t.word());
                }
                case REDIR -> {
                    if (t.text().startsWith("<<")) throw unexpected(t);
                }
                case OP -> {
                    if (t.text().startsWith(";")) throw unexpected(t);
                }
                default -> {
                    // newlines and the operators && || ( ) ! < > are part of the conditional
                }
            }
        }
    }

    private Command parseSimple() throws ParseException {
        List<Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.type() == Token.Type.REDIR) {
                redirects.add(redirect());
            } else if (t.type() == Token.Type.WORD) {
                advance();
                Assignment a = words.isEmpty() ? Assignments.parse(t.word()) : null;
                if (a != null) {
                    assignments.add(a);
                } else {
                    words.add(t.word());
                    if (words.size() == 1 && peek().isOp("(")) {
                        advance();
                        expectOp(")");
                        skipNewlines();
                        if (!assignments.isEmpty() || !redirects.isEmpty()) throw unexpected(t);
                        return new Command.FunctionDef(t.word().source(), parseCommand());
                    }
                }
            } else {
                break;
            }
        }
        if (assignments.isEmpty() && words.isEmpty() && redirects.isEmpty()) throw unexpected(peek());
        return new Command.Simple(assignments, words, redirects);
    }

    private List<Redirect> redirects() throws ParseException {
        List<Redirect> list = new ArrayList<>();
        while (peek().type() == Token.Type.REDIR) list.add(redirect());
        return list;
    }

    private Redirect redirect() throws ParseException {
        Token op = advance();
        Token target = advance();
        if (target.type() != Token.Type.WORD) {
            throw new ParseException("redirection '" + op.text() + "' without a target", target.position());
        }
        return new Redirect(op.fd(), op.text(), target.word(), target.hereDoc());
    }

    private void expectOp(String op) throws ParseException {
        Token t = advance();
        if (!t.isOp(op)) throw new ParseException("expected '" + op + "' but found " + t.describe(), t.position());
    }

    private void expectWord(String w) throws ParseException {
        Token t = advance();
        if (!t.isWord(w)) throw new ParseException("expected '" + w + "' but found " + t.describe(), t.position());
    }

    static boolean isName(String s) {
        if (s == null || s.isEmpty()) return false;
        char c0 = s.charAt(0);
        if (!(c0 == '_' || (c0 < 128 && Character.isLetter(c0)))) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) return false;
        }
        return true;
    }
}
