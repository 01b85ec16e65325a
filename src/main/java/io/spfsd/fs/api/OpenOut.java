package io.spfsd.fs.api;

/**
 * The answer to open, opendir and create: the handle the kernel passes back, and how the
 * kernel may cache: keep_cache (keep the pages across opens), cache_readdir (keep the
 * listing), direct_io (no page cache at all), nonseekable; and noFlush: closing it needs no
 * FLUSH request (nothing of a read-only open is buffered anywhere, so the close need not
 * wait for a round trip to the daemon).
 */
public final class OpenOut {
    public long fh;
    public boolean keepCache;
    public boolean cacheReaddir;
    public boolean directIo;
    public boolean nonseekable;
    public boolean noFlush;

    public void clear() {
        fh = 0;
        keepCache = cacheReaddir = directIo = nonseekable = noFlush = false;
    }
}
