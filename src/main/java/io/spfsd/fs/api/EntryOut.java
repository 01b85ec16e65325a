package io.spfsd.fs.api;

/**
 * The answer to lookup (and to every call that makes a node): its id, attributes and how
 * long the kernel may keep each. Id 0 with an entry timeout is a negative entry: "no such
 * name", remembered for that long.
 */
public final class EntryOut {
    public long ino;
    public long generation;
    public final Attr attr = new Attr();
    public double attrTimeout;
    public double entryTimeout;

    public void clear() {
        ino = generation = 0;
        attr.clear();
        attrTimeout = entryTimeout = 0;
    }

    /** "No such name", which the kernel may remember for timeout seconds. */
    public void negative(double timeout) {
        clear();
        entryTimeout = timeout;
    }
}
