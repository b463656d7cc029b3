package dev.tollgate.tasks.shell.syntax;

/**
 * A redirection. {@code fd} is the explicit descriptor number or -1; {@code op} is the operator as
 * written ({@code > >> >| < <> <& >& &> &>> << <<- <<<}); {@code target} is the word after it
 * (for here-documents, the delimiter word); {@code hereDoc} is set for {@code <<} and {@code <<-}.
 */
public record Redirect(int fd, String op, Word target, HereDoc hereDoc) {
    public boolean isHereDoc() {
        return hereDoc != null;
    }
}
