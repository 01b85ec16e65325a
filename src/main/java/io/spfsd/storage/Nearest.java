package io.spfsd.storage;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Names close to one that was not found (a mistyped tag or runtime), for "did you mean": those
 * within an edit distance of a third of the name's length (at least one), nearest first, three
 * at most.
 */
public final class Nearest {
    private Nearest() {
    }

    public static List<String> to(String wanted, Collection<String> known) {
        int limit = Math.max(1, wanted.length() / 3);
        return known.stream().filter(k -> !k.equals(wanted))
                .map(k -> java.util.Map.entry(k, distance(wanted, k)))
                .filter(e -> e.getValue() <= limit)
                .sorted(Comparator.<java.util.Map.Entry<String, Integer>>comparingInt(java.util.Map.Entry::getValue)
                        .thenComparing(java.util.Map.Entry::getKey))
                .limit(3).map(java.util.Map.Entry::getKey).toList();
    }

    /** " (did you mean a or b?)", or "" when nothing is near. */
    public static String didYouMean(String wanted, Collection<String> known) {
        List<String> near = to(wanted, known);
        return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
