package io.spfsd.fs.api;

/** The answer to getattr and setattr: attributes, and how long the kernel may keep them. */
public final class AttrOut {
    public final Attr attr = new Attr();
    public double timeout;

    public void clear() {
        attr.clear();
        timeout = 0;
    }
}
