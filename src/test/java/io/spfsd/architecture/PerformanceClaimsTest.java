package io.spfsd.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's status table states figures that docs/performance.md's table of targets holds:
 * every ratio a README row cites next to docs/performance.md appears in that table, so the two
 * cannot drift apart, and that table names a result file for every row.
 */
class PerformanceClaimsTest {
    private static final Pattern RATIO = Pattern.compile("\\d+\\.\\d+(–\\d+\\.\\d+)?x");

    private static String targetsTable() throws Exception {
        String doc = Files.readString(Path.of("docs/performance.md"));
        int start = doc.indexOf("## Targets and where they stand");
        int end = doc.indexOf("\n## ", start + 1);
        assertThat(start).as("docs/performance.md has its table of targets").isNotNegative();
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    @Test
    void everyRatioTheReadmeCitesIsInTheTableOfTargets() throws Exception {
        String table = targetsTable();
        List<String> missing = new ArrayList<>();
        int cited = 0;
        for (String row : Files.readAllLines(Path.of("README.md"))) {
            if (!row.startsWith("|") || !row.contains("docs/performance.md")) {
                continue;
            }
            Matcher m = RATIO.matcher(row);
            while (m.find()) {
                cited++;
                if (!table.contains(m.group())) {
                    missing.add(m.group() + " in: " + row.substring(0, Math.min(60, row.length())));
                }
            }
        }
        assertThat(cited).as("README cites figures").isGreaterThan(5);
        assertThat(missing).as("README figures not in docs/performance.md's table").isEmpty();
    }

    @Test
    void everyRowOfTheTableNamesWhereItsFigureComesFrom() throws Exception {
        for (String row : targetsTable().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| area") && !l.startsWith("| ---")).toList()) {
            String[] cells = row.split(" \\| ");
            assertThat(cells).as(row).hasSizeGreaterThanOrEqualTo(5);
            String run = cells[3];
            assertThat(run).as("a result file or document for: " + row).containsPattern("\\.(md|txt)");
        }
    }
}
