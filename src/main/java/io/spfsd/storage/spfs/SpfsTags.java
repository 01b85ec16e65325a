package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * spfs tag files (tags/[ORG/]NAME.tag): the tag's versions oldest first, each an 8-byte
 * big-endian length and the version in the legacy encoding: org ("" for none), name, target,
 * user, time (RFC 3339), parent (the previous version's digest, zeros for the first).
 */
public final class SpfsTags {
    private SpfsTags() {
    }

    /** One version of a tag. */
    public record Tag(String org, String name, Digest target, String user, String time, Digest parent) {
        void encode(LegacyWriter w) {
            w.string(org == null ? "" : org).string(name).digest(target).string(user).string(time).digest(parent);
        }

        /** The version's digest, which the next version names as its parent. */
        public Digest digest() {
            LegacyWriter w = LegacyWriter.toHash();
            encode(w);
            return w.digest();
        }
    }

    /** The versions of a tag file, newest first (tag~0 is the first). */
    public static List<Tag> read(byte[] file, String what) throws SpfsFormatException {
        List<Tag> oldestFirst = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        while (b.hasRemaining()) {
            if (b.remaining() < 8) {
                throw new SpfsFormatException(what + ": cut in the middle (" + b.remaining() + " bytes of a length)");
            }
            long size = b.getLong();
            if (size < 0 || size > b.remaining()) {
                throw new SpfsFormatException(what + ": cut in the middle (version " + oldestFirst.size()
                        + " claims " + size + " bytes, " + b.remaining() + " are left)");
            }
            int start = b.position();
            byte[] one = new byte[(int) size];
            b.get(one);
            LegacyReader r = new LegacyReader(one, 0, what + " at byte " + start);
            String org = r.string("the org");
            Tag t = new Tag(org.isEmpty() ? null : org, r.string("the name"), r.digest("the target"),
                    r.string("the user"), r.string("the time"), r.digest("the parent"));
            r.end();
            try {
                OffsetDateTime.parse(t.time());
            } catch (DateTimeParseException e) {
                throw new SpfsFormatException(what + ": version " + oldestFirst.size() + " has no valid time (" + t.time() + ")");
            }
            oldestFirst.add(t);
        }
        return oldestFirst.reversed();
    }

    /** A tag file holding versions, given oldest first. */
    public static byte[] write(List<Tag> oldestFirst) {
        LegacyWriter out = LegacyWriter.toBytes();
        for (Tag t : oldestFirst) {
            LegacyWriter one = LegacyWriter.toBytes();
            t.encode(one);
            byte[] bytes = one.bytes();
            out.u64(bytes.length).raw(bytes);
        }
        return out.bytes();
    }
}
