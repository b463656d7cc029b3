package dev.tollgate.engine.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A policy's {@code block_if_terms}, compiled once. A term matches when its normalised words
 * (see {@link TextNormalizer}) appear as consecutive whole words in the normalised text: term
 * {@code sue} does not match "issue", {@code refund guaranteed} matches "R3fund-GUARANT33D!".
 *
 * <p>The text is normalised once and scanned in a single pass over its words: a hash table keyed
 * by each term's first word yields the few candidate terms to compare at that position, so the
 * cost grows with the text, not with text × terms. When several terms occur, the one listed
 * first in the policy is reported, whatever its position in the text.
 *
 * <p>Immutable and thread-safe; equal when the configured terms are equal.
 */
public final class TermMatcher {
    private final List<String> terms;
    /** Open-addressing table: slot → first-word hash and the candidates starting with that word. */
    private final int[] slotHash;
    private final Candidate[][] slotCandidates;
    private final int mask;

    /** A term's position in the policy and its normalised words. */
    private record Candidate(int index, char[][] words) {}

    private TermMatcher(List<String> terms) {
        this.terms = List.copyOf(terms);
        int size = Integer.highestOneBit(Math.max(4, terms.size() * 4) - 1) << 1;
        slotHash = new int[size];
        slotCandidates = new Candidate[size][];
        mask = size - 1;
        for (int i = 0; i < terms.size(); i++) {
            String words = TextNormalizer.normalize(terms.get(i));
            if (words.isEmpty()) {
                throw new IllegalArgumentException("term has no letters or digits: " + terms.get(i));
            }
            add(new Candidate(i, Arrays.stream(words.split(" ")).map(String::toCharArray).toArray(char[][]::new)));
        }
    }

    /**
     * Compiles {@code terms}. Every term must contain a letter or digit; {@link PolicyParser}
     * reports the ones that do not, so this only throws for programming errors.
     */
    public static TermMatcher of(List<String> terms) { return new TermMatcher(terms); }

    /** The terms as configured, in policy order. */
    public List<String> terms() { return terms; }

    /** The first configured term occurring in {@code text}, as configured. */
    public Optional<String> firstMatch(CharSequence text) {
        if (terms.isEmpty() || text == null) return Optional.empty();
        TextNormalizer.Mapped mapped = TextNormalizer.map(text.toString());
        char[] t = mapped.chars();
        int n = mapped.length();
        int best = Integer.MAX_VALUE;
        int i = 0;
        while (best > 0) {
            while (i < n && t[i] == ' ') i++;
            if (i == n) break;
            int start = i;
            int hash = 0;
            while (i < n && t[i] != ' ') hash = 31 * hash + t[i++];
            Candidate[] candidates = lookup(hash);
            if (candidates == null) continue;
            for (Candidate c : candidates) {
                if (c.index < best && occursAt(t, n, start, i, c.words)) best = c.index;
            }
        }
        return best == Integer.MAX_VALUE ? Optional.empty() : Optional.of(terms.get(best));
    }

    /** True when {@code words} are the words of {@code t} from the one at {@code [start, end)} on. */
    private static boolean occursAt(char[] t, int n, int start, int end, char[][] words) {
        for (int k = 0; ; k++) {
            char[] w = words[k];
            if (end - start != w.length || !Arrays.equals(t, start, end, w, 0, w.length)) return false;
            if (k + 1 == words.length) return true;
            start = end;
            while (start < n && t[start] == ' ') start++;
            end = start;
            while (end < n && t[end] != ' ') end++;
        }
    }

    private void add(Candidate c) {
        int hash = new String(c.words[0]).hashCode();
        int slot = slot(hash);
        while (slotCandidates[slot] != null && slotHash[slot] != hash) slot = (slot + 1) & mask;
        Candidate[] old = slotCandidates[slot];
        List<Candidate> list = new ArrayList<>(old == null ? List.of() : List.of(old));
        list.add(c);
        slotHash[slot] = hash;
        slotCandidates[slot] = list.toArray(new Candidate[0]);
    }

    private Candidate[] lookup(int hash) {
        int slot = slot(hash);
        while (slotCandidates[slot] != null) {
            if (slotHash[slot] == hash) return slotCandidates[slot];
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /** Spreads the high bits into the index, as HashMap does, so hashes differing only there do not collide. */
    private int slot(int hash) { return (hash ^ (hash >>> 16)) & mask; }

    @Override public boolean equals(Object o) { return o instanceof TermMatcher m && m.terms.equals(terms); }

    @Override public int hashCode() { return terms.hashCode(); }

    @Override public String toString() { return "TermMatcher" + terms; }
}
