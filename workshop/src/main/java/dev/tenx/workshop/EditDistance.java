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

    /**
     * The candidate {@code word} most likely abbreviates or misspells, however far: the one with
     * the fewest edits between {@code word} and a prefix of it, dots ignored, then the fewest
     * edits to the whole of it; ties go to the first. So {@code max.inflight} is nearest to
     * {@code max.in.flight.requests.per.connection}, which whole-word distance would rank behind
     * {@code max.unacked.bytes}. Empty only when there is no candidate.
     */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        String letters = lettersOf(word);
        String best = null;
        int bestPrefix = Integer.MAX_VALUE;
        int bestWhole = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int prefix = toNearestPrefix(letters, lettersOf(candidate));
            int whole = between(word, candidate);
            if (prefix < bestPrefix || (prefix == bestPrefix && whole < bestWhole)) {
                best = candidate;
                bestPrefix = prefix;
                bestWhole = whole;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String lettersOf(String key) {
        return key.replace(".", "");
    }

    /** The fewest edits from {@code a} to any prefix of {@code b}, the empty one included. */
    static int toNearestPrefix(String a, String b) {
        // column[i]: distance from a's first i characters to b's first j (j the loop's column).
        int[] column = new int[a.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            column[i] = i;
        }
        int best = column[a.length()];
        for (int j = 1; j <= b.length(); j++) {
            int diagonal = column[0];
            column[0] = j;
            for (int i = 1; i <= a.length(); i++) {
                int above = column[i];
                int substitution = diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                column[i] = Math.min(substitution, Math.min(above + 1, column[i - 1] + 1));
                diagonal = above;
            }
            best = Math.min(best, column[a.length()]);
        }
        return best;
    }
}
