package dev.tenx.workshop;

import java.util.Collection;
import java.util.Optional;

/**
 * Levenshtein distance: the fewest single-character insertions, deletions and substitutions
 * that turn one string into another. The runner uses it to tell a misspelled knob
 * ({@code record.sise}) from a property that is none of its business ({@code java.home}).
 * Stateless; thread-safe.
 */
public final class EditDistance {

    private EditDistance() {}

    public static int between(String a, String b) {
        // previous[j]: distance from a's first i-1 characters to b's first j.
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                int deletion = previous[j] + 1;
                int insertion = current[j - 1] + 1;
                current[j] = Math.min(substitution, Math.min(deletion, insertion));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The candidate nearest to {@code word}, if one is at most {@code maxDistance} away; ties go to the first. */
    public static Optional<String> closest(String word, Collection<String> candidates, int maxDistance) {
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String candidate : candidates) {
            int distance = between(word, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }
}
