package io.spfsd.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An age as options take it (--older-than): a number and a unit, 30s, 10m, 2h, 1d (seconds without one). */
final class Ages {
    private static final Pattern AGE = Pattern.compile("([0-9]{1,9})([smhd]?)");
    static final String FORMS = "a number and a unit: 30s, 10m, 2h, 1d";

    private Ages() {
    }

    static Optional<Duration> parse(String age) {
        Matcher m = AGE.matcher(age.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        });
    }
}
