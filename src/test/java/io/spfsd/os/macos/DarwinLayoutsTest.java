package io.spfsd.os.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spfsd.os.NativeStruct;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Darwin field spfsd writes, against the tables of ../shared/platform/macos-facts.md
 * (section 2.1 stat, 2.3 statvfs; numbers its authors checked against the macOS SDK with
 * clang). A timespec row stands for its tv_sec at the offset and tv_nsec 8 bytes on.
 */
class DarwinLayoutsTest {
    private static final Path FACTS = Path.of("../shared/platform/macos-facts.md");

    /** The table rows of one section: offset, size and field name. */
    record Row(long offset, int size, String field) {
    }

    static List<Row> rows(String facts, String sectionStart, boolean offsetFirst) {
        String section = facts.substring(facts.indexOf(sectionStart));
        section = section.substring(0, section.indexOf("\n### ", 5));
        Pattern row = offsetFirst
                ? Pattern.compile("^\\| (\\d+) \\| (\\d+) \\| (\\w+)", Pattern.MULTILINE)
                : Pattern.compile("^\\| (\\w+)[^|]*\\| (\\d+) \\| (\\d+) \\|", Pattern.MULTILINE);
        List<Row> out = new ArrayList<>();
        Matcher m = row.matcher(section);
        while (m.find()) {
            out.add(offsetFirst ? new Row(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), m.group(3))
                    : new Row(Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), m.group(1)));
        }
        return out;
    }

    /** The facts file where the workplace lays shared/ beside the project; the test skips where it does not. */
    static String facts() throws Exception {
        assumeTrue(Files.isRegularFile(FACTS), "no " + FACTS + " beside the project");
        return Files.readString(FACTS);
    }

    static void check(NativeStruct s, List<Row> rows) {
        int checked = 0;
        for (Row r : rows) {
            if (s.fields().containsKey(r.field())) {
                assertThat(s.field(r.field()).offset()).as(r.field() + " offset").isEqualTo(r.offset());
                assertThat(s.field(r.field()).bytes()).as(r.field() + " size").isEqualTo(r.size());
                checked++;
            } else if (s.fields().containsKey(r.field() + ".tv_sec")) {
                assertThat(r.size()).as(r.field() + " is a timespec").isEqualTo(16);
                assertThat(s.field(r.field() + ".tv_sec").offset()).as(r.field()).isEqualTo(r.offset());
                assertThat(s.field(r.field() + ".tv_nsec").offset()).as(r.field()).isEqualTo(r.offset() + 8);
                checked += 2;
            }
        }
        assertThat(checked).as("every field of " + s.name() + " is in the facts").isEqualTo(s.fields().size());
    }

    @Test
    void statMatchesTheFacts() throws Exception {
        String f = facts();
        assertThat(f).contains("### 2.1 `struct stat` (64-bit inode variant; size " + DarwinLayouts.STAT.size());
        check(DarwinLayouts.STAT, rows(f, "### 2.1 `struct stat`", true));
    }

    @Test
    void statvfsMatchesTheFacts() throws Exception {
        String f = facts();
        assertThat(f).contains("`struct statvfs` (size " + DarwinLayouts.STATVFS.size() + ")");
        check(DarwinLayouts.STATVFS, rows(f, "### 2.3 `struct statvfs`", false));
    }

    /** "name 12", "name[16] 12" or "name (type) 12" pairs of a prose list in the facts, in order. */
    static java.util.Map<String, Long> proseOffsets(String text) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("\\**(\\w+)(?:\\[\\d+])?(?: \\([\\w* ]+\\))? (\\d+)\\**(?=[,.\\s])").matcher(text);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private static String between(String f, String start, String end) {
        String s = f.substring(f.indexOf(start));
        return s.substring(0, s.indexOf(end));
    }

    @Test
    void procBsdShortInfoMatchesTheFacts() throws Exception {
        String section = between(facts(), "`struct proc_bsdshortinfo`", "No start time");
        assertThat(section).contains("size **" + DarwinLayouts.PROC_BSDSHORTINFO.size() + "**");
        java.util.Map<String, Long> facts = proseOffsets(section.substring(section.indexOf("pbsi_pid")));
        assertThat(facts.keySet()).containsExactlyElementsOf(DarwinLayouts.PROC_BSDSHORTINFO.fields().keySet());
        facts.forEach((field, offset) ->
                assertThat(DarwinLayouts.PROC_BSDSHORTINFO.field(field).offset()).as(field).isEqualTo(offset));
    }

    @Test
    void keventMatchesTheFacts() throws Exception {
        String section = between(facts(), "`struct kevent` (size", "`struct kevent64_s`");
        assertThat(section).contains("size **" + DarwinLayouts.KEVENT.size() + "**");
        java.util.Map<String, Long> facts = proseOffsets(section.substring(section.indexOf("ident")));
        assertThat(facts.keySet()).containsExactlyElementsOf(DarwinLayouts.KEVENT.fields().keySet());
        facts.forEach((field, offset) -> assertThat(DarwinLayouts.KEVENT.field(field).offset()).as(field).isEqualTo(offset));
    }

    @Test
    void kinfoProcFieldsMatchTheFacts() throws Exception {
        String f = facts();
        String section = between(f, "`struct kinfo_proc`", "This is what the JDK uses");
        assertThat(section).contains(DarwinLayouts.KINFO_PROC.size() + " bytes");
        for (String field : List.of("kp_proc.p_starttime", "kp_proc.p_pid", "kp_eproc.e_ppid", "kp_eproc.e_ucred.cr_uid")) {
            Matcher m = Pattern.compile("`" + Pattern.quote(field) + "`[^`]*? at \\**(\\d+)").matcher(section);
            assertThat(m.find()).as(field + " in the facts").isTrue();
            String ours = DarwinLayouts.KINFO_PROC.fields().containsKey(field) ? field : field + ".tv_sec";
            assertThat(DarwinLayouts.KINFO_PROC.field(ours).offset()).as(field).isEqualTo(Long.parseLong(m.group(1)));
        }
        assertThat(f).contains("`struct timespec` — 16 bytes: tv_sec (long, 8) at 0, tv_nsec (long, 8) at 8");
        assertThat(DarwinLayouts.TIMESPEC.field("tv_nsec").offset()).isEqualTo(8);
    }
}
