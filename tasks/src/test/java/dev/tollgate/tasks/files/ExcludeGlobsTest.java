package dev.tollgate.tasks.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExcludeGlobsTest {
    private static final ExcludeGlobs SPEC = ExcludeGlobs.compile(List.of("**/.env", "**/.env.*", "**/secrets/**"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/srv/root/.env, true",                 // **/x at the root
        "/srv/root/app/.env, true",
        "/srv/root/.ENV, true",                 // case-insensitive
        "/srv/root/.Env.Production, true",
        "/srv/root/.ｅｎｖ, true",               // fullwidth letters: NFKC
        "/srv/root/.\u0045NV, true",
        "/srv/root/secrets, true",              // dir/** matches the directory itself
        "/srv/root/SECRETS/key.pem, true",
        "/srv/root/a/secrets/b/c.txt, true",   // ancestor matches
        "/srv/root/.env/inner.txt, true",       // ancestor is excluded
        "/srv/root/env, false",
        "/srv/root/.envrc, false",
        "/srv/root/secretsfile, false",
        "/srv/root/my-secrets/x, false",
        "/srv/root/a.env, false",
    })
    void specGlobs(String path, boolean excluded) {
        assertEquals(excluded, SPEC.excludes(path), path);
    }

    @Test
    void plainNamesFloatAndStarsDoNotCrossSlash() {
        ExcludeGlobs g = ExcludeGlobs.compile(List.of(".env", "secrets", "*.pem", "build/*.log"));
        assertTrue(g.excludes("/r/.env"));
        assertTrue(g.excludes("/r/deep/er/.env"));
        assertTrue(g.excludes("/r/x/secrets/y"));
        assertTrue(g.excludes("/r/k.PEM"));
        assertTrue(g.excludes("/r/build/a.log"));
        assertFalse(g.excludes("/r/build/sub/a.log"), "* must not cross '/'");
        assertFalse(g.excludes("/r/pem"));
    }

    @Test
    void doubleStarCrossesSlashAndAbsoluteGlobsAnchor() {
        ExcludeGlobs g = ExcludeGlobs.compile(List.of("/srv/root/private/**", "logs/**/*.gz", "cache?/[a-c]*.tmp", "*.{key,crt}"));
        assertTrue(g.excludes("/srv/root/private"));
        assertTrue(g.excludes("/srv/root/private/x/y"));
        assertFalse(g.excludes("/other/srv/root/private/x"), "absolute globs are anchored at '/'");
        assertTrue(g.excludes("/r/logs/2024/01/a.gz"));
        assertTrue(g.excludes("/r/logs/a.gz"));
        assertTrue(g.excludes("/r/cache1/b9.tmp"));
        assertFalse(g.excludes("/r/cache1/d9.tmp"));
        assertTrue(g.excludes("/r/server.KEY"));
        assertTrue(g.excludes("/r/server.crt"));
        assertFalse(g.excludes("/r/server.pem"));
    }

    @Test
    void unicodeFolding() {
        ExcludeGlobs g = ExcludeGlobs.compile(List.of("straße", "ﬁle.txt"));
        assertTrue(g.excludes("/r/STRASSE"));
        assertTrue(g.excludes("/r/file.txt"));           // ligature in the glob, NFKC-folded
        ExcludeGlobs kelvin = ExcludeGlobs.compile(List.of("k.txt"));
        assertTrue(kelvin.excludes("/r/\u212A.txt"));   // KELVIN SIGN
    }

    @Test
    void badGlobsAreNamed() {
        for (String bad : List.of("[abc", "a{b,c", "x\\", "a/[/]b", "{a,{b}}", " ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExcludeGlobs.compile(List.of("ok", bad)));
            assertTrue(e.getMessage().contains("'" + bad + "'") || bad.isBlank(), e.getMessage());
        }
    }

    @Test
    void emptyExcludesNothing() {
        assertFalse(ExcludeGlobs.compile(List.of()).excludes("/srv/root/.env"));
    }

    @Test
    void requiredLiterals() {
        assertEquals(".env", GlobTranslator.requiredLiteral("**/.env"));
        assertEquals("secrets", GlobTranslator.requiredLiteral("**/secrets/**"));
        assertEquals("abc", GlobTranslator.requiredLiteral("[]xyzxyzxyz]abc"));
        assertEquals("", GlobTranslator.requiredLiteral("{longalternative,b}"));
        assertEquals("", GlobTranslator.requiredLiteral("*"));
    }

    @Test
    void literalPrefilterNeverChangesAnAnswer() {
        List<String> globs = List.of("**/.env", "**/.env.*", "**/secrets/**", "[]abcdefgh]", "[!x]yz*", "{alpha,beta}/q",
                "a\\*b", "/abs/**/deep", "lo?g", "ſecret", "ﬁx");
        String[] parts = {"", "a", "b", ".env", ".ENV.x", "secrets", "SECRETS", "]", "ayz1", "alpha", "beta", "q", "a*b",
                "abs", "deep", "log", "lxg", "secret", "fix", "x", "é"};
        java.util.Random random = new java.util.Random(7);
        for (String glob : globs) {
            ExcludeGlobs g = ExcludeGlobs.compile(List.of(glob));
            for (int i = 0; i < 2000; i++) {
                StringBuilder p = new StringBuilder();
                int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++) p.append('/').append(parts[random.nextInt(parts.length)]);
                String path = p.toString();
                assertEquals(g.excludesSlowPath(path), g.excludes(path), () -> glob + " on " + path);
            }
        }
        assertTrue(ExcludeGlobs.compile(List.of("[]abcdefgh]")).excludes("/r/a"), "class members are not literals");
        assertTrue(ExcludeGlobs.compile(List.of("ſecret")).excludes("/r/SECRET"), "long s folds to s");
    }

    @Test
    void linearOnHostilePaths() {
        ExcludeGlobs g = ExcludeGlobs.compile(List.of("**/a*a*a*a*a*a*b/**", "**/x/**/y/**/z"));
        String path = "/" + "a".repeat(4000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(g.excludes(path)));
    }
}
