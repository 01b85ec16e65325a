package io.spfsd.storage;

import java.lang.ref.SoftReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Objects decoded a moment ago from bytes a repository holds (a remote's manifest, made or
 * checked while it was fetched), so that reading one again for the mount that follows does
 * not read, check and decode its bytes a second time (a manifest of 100,000 entries: ~35 ms
 * warm, ~75 ms cold). Softly held, the last few only: a cache of a moment, never a copy of
 * the repository.
 */
final class JustDecoded {
    private static final int MAX = 8;

    private final Map<Digest, SoftReference<StoredObject>> objects = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Digest, SoftReference<StoredObject>> eldest) {
                    return size() > MAX;
                }
            });

    void put(Digest d, StoredObject o) {
        objects.put(d, new SoftReference<>(o));
    }

    /** What d decoded to, if it is still held; the caller checks the repository still has d. */
    StoredObject get(Digest d) {
        SoftReference<StoredObject> r = objects.get(d);
        return r == null ? null : r.get();
    }
}
