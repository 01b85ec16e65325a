package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;

/**
 * Links, before the first request, the libfuse functions that requests call. jextract makes
 * each function's downcall handle on its first use, and making one spins a stub: milliseconds
 * each, which the first lookup, open or read of a fresh daemon used to pay while its caller
 * waited (bench/results/performance-history.md, "A fresh daemon").
 */
final class NativeWarmStart {
    private NativeWarmStart() {
    }

    static void linkRequestPath() {
        fuse3_h.fuse_req_ctx$handle();
        fuse3_h.fuse_reply_err$handle();
        fuse3_h.fuse_reply_none$handle();
        fuse3_h.fuse_reply_entry$handle();
        fuse3_h.fuse_reply_create$handle();
        fuse3_h.fuse_reply_open$handle();
        fuse3_h.fuse_reply_buf$handle();
        fuse3_h.fuse_reply_data$handle();
        fuse3_h.fuse_reply_attr$handle();
        fuse3_h.fuse_reply_readlink$handle();
        fuse3_h.fuse_reply_statfs$handle();
        fuse3_h.fuse_reply_lseek$handle();
        fuse3_h.fuse_reply_xattr$handle();
        fuse3_h.fuse_reply_write$handle();
        fuse3_h.fuse_add_direntry$handle();
        fuse3_h.fuse_add_direntry_plus$handle();
        fuse3_h.fuse_lowlevel_notify_inval_entry$handle();
        fuse3_h.fuse_lowlevel_notify_inval_inode$handle();
    }
}
