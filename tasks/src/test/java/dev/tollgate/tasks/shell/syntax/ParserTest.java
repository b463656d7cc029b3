package dev.tollgate.tasks.shell.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AST shape for each construct, and parse errors for unterminated input. */
class ParserTest {
    private static Script parse(String s) throws ParseException {
        return Parser.parse(s);
    }

    private static Command only(String s) throws ParseException {
        Script sc = parse(s);
        assertEquals(1, sc.items().size());
        Script.Pipeline p = sc.items().get(0).andOr().pipelines().get(0);
        assertEquals(1, p.commands().size());
        return p.commands().get(0);
    }

    @Test
    void listsAndOperators() throws ParseException {
        Script s = parse("a; b && c || d & e\nf");
        assertEquals(4, s.items().size());
        assertEquals(List.of("&&", "||"), s.items().get(1).andOr().operators());
        assertTrue(s.items().get(1).background());
        assertEquals(3, s.items().get(1).andOr().pipelines().size());
    }

    @Test
    void pipelinesAndNegation() throws ParseException {
        Script.Pipeline p = parse("! a | b |& c").items().get(0).andOr().pipelines().get(0);
        assertTrue(p.negated());
        assertEquals(3, p.commands().size());
    }

    @Test
    void subshellAndGroup() throws ParseException {
        assertInstanceOf(Command.Subshell.class, only("(a; b) > out"));
        Command.Group g = assertInstanceOf(Command.Group.class, only("{ a; b; }"));
        assertEquals(2, g.body().items().size());
        assertThrows(ParseException.class, () -> parse("{ a }"));
    }

    @Test
    void commandSubstitutionNestsThroughCaseParens() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("echo $(case x in x) echo $(ls `pwd`);; esac)"));
        WordPart.CommandSub cs = assertInstanceOf(WordPart.CommandSub.class, s.words().get(1).parts().get(0));
        assertInstanceOf(Command.Case.class, cs.script().items().get(0).andOr().pipelines().get(0).commands().get(0));
    }

    @Test
    void backticksAndProcessSubstitution() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("diff <(ls a) >(wc) `echo x`"));
        assertEquals('<', assertInstanceOf(WordPart.ProcessSub.class, s.words().get(1).parts().get(0)).direction());
        assertEquals('>', assertInstanceOf(WordPart.ProcessSub.class, s.words().get(2).parts().get(0)).direction());
        assertTrue(assertInstanceOf(WordPart.CommandSub.class, s.words().get(3).parts().get(0)).backtick());
    }

    @Test
    void redirections() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("cmd 2>&1 >>log &>all >|f <in 3<>rw <&0 &>>x"));
        List<String> ops = s.redirects().stream().map(Redirect::op).toList();
        assertEquals(List.of(">&", ">>", "&>", ">|", "<", "<>", "<&", "&>>"), ops);
        assertEquals(2, s.redirects().get(0).fd());
        assertEquals(3, s.redirects().get(5).fd());
    }

    @Test
    void hereDocuments() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("cat <<A <<-'B'\nline $x\nA\n\tlit $y\n\tB\n"));
        HereDoc a = s.redirects().get(0).hereDoc();
        HereDoc b = s.redirects().get(1).hereDoc();
        assertEquals("A", a.delimiter());
        assertTrue(!a.quoted() && b.quoted() && b.stripTabs());
        WordPart.DoubleQuoted body = assertInstanceOf(WordPart.DoubleQuoted.class, a.body().parts().get(0));
        assertInstanceOf(WordPart.Param.class, body.parts().get(1));
        assertEquals("lit $y\n", assertInstanceOf(WordPart.SingleQuoted.class, b.body().parts().get(0)).text());
    }

    @Test
    void hereString() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("bash <<< 'ls'"));
        assertEquals("<<<", s.redirects().get(0).op());
    }

    @Test
    void controlFlow() throws ParseException {
        Command.If i = assertInstanceOf(Command.If.class, only("if a; then b; elif c; then d; else e; fi"));
        assertEquals(2, i.conditions().size());
        Command.For f = assertInstanceOf(Command.For.class, only("for x in 1 2 3; do echo $x; done"));
        assertEquals(3, f.items().size());
        assertNull(assertInstanceOf(Command.For.class, only("for x; do :; done")).items());
        assertEquals("i=0;i<3;i++", assertInstanceOf(Command.ArithFor.class, only("for ((i=0;i<3;i++)); do :; done")).header());
        assertTrue(assertInstanceOf(Command.Loop.class, only("until a; do b; done")).until());
        assertTrue(assertInstanceOf(Command.For.class, only("select x in a b; do :; done")).select());
        Command.Case c = assertInstanceOf(Command.Case.class, only("case $x in (a|b) x;; c) y;& *) z;;& esac"));
        assertEquals(3, c.items().size());
        assertEquals(2, c.items().get(0).patterns().size());
        assertEquals(5, assertInstanceOf(Command.Cond.class, only("[[ $a == b && -f c ]]")).words().size());
        assertEquals(" x > 1 ", assertInstanceOf(Command.Arith.class, only("(( x > 1 ))")).expression());
    }

    @Test
    void functionDefinitions() throws ParseException {
        assertEquals("f", assertInstanceOf(Command.FunctionDef.class, only("f() { a; }")).name());
        assertEquals("g", assertInstanceOf(Command.FunctionDef.class, only("function g { a; }")).name());
        assertEquals("h", assertInstanceOf(Command.FunctionDef.class, only("function h() (a)")).name());
    }

    @Test
    void assignments() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("A=1 B+=2 C[3]=x D=(a b) cmd E=5"));
        assertEquals(List.of("A", "B", "C", "D"), s.assignments().stream().map(Assignment::name).toList());
        assertTrue(s.assignments().get(1).append());
        assertInstanceOf(WordPart.ArrayLit.class, s.assignments().get(3).value().parts().get(0));
        assertEquals(2, s.words().size());
    }

    @Test
    void quoting() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("a'b'\"c$d\"\\e$'\\x41\\n\\101\\u00e9'$\"f\" ${g:-h}"));
        List<WordPart> p = s.words().get(0).parts();
        assertEquals("a", ((WordPart.Lit) p.get(0)).text());
        assertEquals("b", ((WordPart.SingleQuoted) p.get(1)).text());
        assertInstanceOf(WordPart.DoubleQuoted.class, p.get(2));
        assertEquals("e", ((WordPart.Escaped) p.get(3)).text());
        assertEquals("A\nAé", ((WordPart.AnsiC) p.get(4)).text());
        assertTrue(((WordPart.DoubleQuoted) p.get(5)).locale());
        assertEquals("${g:-h}", ((WordPart.Param) s.words().get(1).parts().get(0)).raw());
    }

    @Test
    void commentsAndLineContinuation() throws ParseException {
        Script s = parse("ls # ; rm -rf /\necho a\\\nb");
        assertEquals(2, s.items().size());
        Command.Simple e = (Command.Simple) s.items().get(1).andOr().pipelines().get(0).commands().get(0);
        assertEquals("ab", ((WordPart.Lit) e.words().get(1).parts().get(0)).text());
        Command.Simple l = (Command.Simple) s.items().get(0).andOr().pipelines().get(0).commands().get(0);
        assertEquals(1, l.words().size());
        assertEquals("a#b", ((Command.Simple) only("echo a#b")).words().get(1).source());
    }

    @Test
    void arithmeticExpansion() throws ParseException {
        Command.Simple s = assertInstanceOf(Command.Simple.class, only("echo $((1 + (2*3)))"));
        assertEquals("1 + (2*3)", ((WordPart.Arith) s.words().get(1).parts().get(0)).expression());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo 'x", "echo \"x", "echo $(ls", "echo `ls", "echo ${x", "cat <<EOF\nbody", "cat <<EOF",
        "if a; then b", "while a; do b", "for x in a; do", "case x in a) b;;", "(a", "{ a;", "a |", "a &&", "; a", "a ;;",
        "echo $'abc", "[[ a", "(( 1", "f() ", "a=(1 2", ")", "fi", "echo \\", "cat <<", "a | | b", "for 1x in a; do b; done"})
    void parseErrors(String src) {
        assertThrows(ParseException.class, () -> parse(src));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String s = "echo " + "$(".repeat(200) + "x" + ")".repeat(200);
        assertThrows(ParseException.class, () -> parse(s));
    }
}
