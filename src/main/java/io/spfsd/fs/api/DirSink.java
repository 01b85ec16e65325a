package io.spfsd.fs.api;

/**
 * Where readdir puts entries: straight into the reply buffer. An entry that does not fit
 * ends the listing page; the kernel asks again from its offset.
 */
public interface DirSink {
    /** Adds a plain entry (readdir); false if it did not fit. nextOffset is where the next page starts. */
    boolean add(String name, long ino, int mode, long nextOffset);

    /**
     * Whether an entry of this name would still fit (readdirplus). Ask first: adding a plus
     * entry counts as a lookup of its node, which must not happen for an entry that is dropped.
     */
    boolean fitsPlus(String name);

    /** Adds an entry with its full lookup answer (readdirplus); call only after {@link #fitsPlus}. */
    void addPlus(String name, EntryOut entry, long nextOffset);
}
