package dev.tollgate.tasks.shell.syntax;

/** A lexer token. {@code text} is the operator for OP/REDIR; {@code word} is set for WORD. */
record Token(Type type, String text, Word word, int fd, HereDoc hereDoc, int position) {
    enum Type { WORD, OP, REDIR, NEWLINE, EOF }

    boolean isOp(String op) {
        return type == Type.OP && text.equals(op);
    }

    /** An unquoted literal word equal to {@code s}: how reserved words are recognised. */
    boolean isWord(String s) {
        return type == Type.WORD && word.isPlain(s);
    }

    String describe() {
        return switch (type) {
            case WORD -> "'" + word.source() + "'";
            case OP, REDIR -> "'" + text + "'";
            case NEWLINE -> "newline";
            case EOF -> "end of input";
        };
    }
}
