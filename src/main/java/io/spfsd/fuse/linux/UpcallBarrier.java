package io.spfsd.fuse.linux;

import io.spfsd.fs.api.Errno;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception escaping an FFM upcall kills the JVM. Every upcall goes through here: the
 * failure is logged and the request answered with EIO, and the daemon keeps serving.
 */
final class UpcallBarrier {
    private static final Logger LOG = LoggerFactory.getLogger(UpcallBarrier.class);

    private UpcallBarrier() {
    }

    static void failed(MemorySegment req, String op, Throwable t) {
        try {
            LOG.error("FUSE {} failed; replied EIO", op, t);
            if (req != null && !op.startsWith("forget")) {
                Replies.err(req, Errno.EIO);
            }
        } catch (Throwable again) {
            // Nothing may escape: not even a failing logger or reply.
        }
    }
}
