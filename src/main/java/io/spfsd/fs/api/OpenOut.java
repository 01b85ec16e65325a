package io.spfsd.fs.api;

/**
 * The answer to open, opendir and create: the handle the kernel passes back, and how the
 * kernel may cache: keep_cache (keep the pages across opens), cache_readdir (keep the
 * listing), direct_io (no page cache at all), nonseekable.
 */
public final class OpenOut {
    public long fh;
    public boolean keepCache;
    public boolean cacheReaddir;
    public boolean directIo;
    public boolean nonseekable;

    public void clear() {
        fh = 0;
        keepCache = cacheReaddir = directIo = nonseekable = false;
    }
}
