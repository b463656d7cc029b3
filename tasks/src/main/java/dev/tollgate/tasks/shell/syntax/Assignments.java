package dev.tollgate.tasks.shell.syntax;

import java.util.ArrayList;
import java.util.List;

/** Recognises {@code NAME=}, {@code NAME+=} and {@code NAME[sub]=} at the start of a word. */
final class Assignments {
    private Assignments() {}

    static Assignment parse(Word w) {
        if (w.parts().isEmpty() || !(w.parts().get(0) instanceof WordPart.Lit first)) return null;
        String t = first.text();
        int eq = t.indexOf('=');
        if (eq <= 0) return null;
        int nameEnd = eq;
        boolean append = false;
        if (t.charAt(eq - 1) == '+') {
            append = true;
            nameEnd = eq - 1;
        }
        String lhs = t.substring(0, nameEnd);
        int bracket = lhs.indexOf('[');
        String name = bracket > 0 && lhs.endsWith("]") ? lhs.substring(0, bracket) : lhs;
        if (!Parser.isName(name)) return null;
        List<WordPart> value = new ArrayList<>();
        if (eq + 1 < t.length()) value.add(new WordPart.Lit(t.substring(eq + 1)));
        value.addAll(w.parts().subList(1, w.parts().size()));
        int srcEq = w.source().indexOf('=');
        String valueSource = srcEq >= 0 ? w.source().substring(srcEq + 1) : "";
        return new Assignment(name, append, new Word(value, valueSource), w);
    }
}
