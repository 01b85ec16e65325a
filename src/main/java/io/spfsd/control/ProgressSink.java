package io.spfsd.control;

import java.io.InterruptedIOException;

/**
 * What a long request (commit, diff) tells its client while it works, and how the work learns
 * that the client went away: {@link #report} and {@link #check} throw {@link ClientGone} once
 * it has, and the work stops at that point, before anything it cannot undo.
 */
public interface ProgressSink {
    /** Where the work is: phase (a word or two), done of total (total -1 while unknown). */
    void report(String phase, long done, long total) throws ClientGone;

    /** Throws {@link ClientGone} if the client went away. */
    void check() throws ClientGone;

    /** For a client that asked for no progress: nothing is told, and the work always finishes. */
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void report(String phase, long done, long total) {
        }

        @Override
        public void check() {
        }
    };

    /** The client that asked for the work closed its connection: nobody waits for the answer. */
    final class ClientGone extends InterruptedIOException {
        public ClientGone() {
            super("its client went away");
        }
    }
}
