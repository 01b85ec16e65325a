package io.spfsd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * SHA-256 from the system's crypto library (OpenSSL's libcrypto on Linux; CommonCrypto on
 * macOS, unverified): as fast as the JDK's own SHA-256 at its best, but at every JIT tier.
 * The JDK's runs at SHA-NI speed only once C2 has compiled it (1.5 GB/s here), and at 0.18
 * GB/s in C1's code; with this, short commands can run on C1 alone, whose compiles cost a
 * fraction of C2's, and still hash large payloads fast (bench/results/performance-history.md, "A pull's first
 * files"). Where the library is missing, {@link #available()} is false and the JDK's is used.
 *
 * <p>The calls are critical downcalls that read the Java arrays in place (no copy, no native
 * memory): the context lives in a long[], the data is passed as it is, at most 1 MiB a call,
 * so the collector is never held up for long.
 */
public final class NativeSha256 extends MessageDigest implements Cloneable {
    private static final int CONTEXT_LONGS = 32; // 256 bytes: OpenSSL's SHA256_CTX is 112, CommonCrypto's 104
    private static final int MAX_CALL = 1 << 20;
    private static final Functions F = Functions.load().orElse(null);

    private long[] context = new long[CONTEXT_LONGS];
    private MemorySegment contextSegment = MemorySegment.ofArray(context);

    /** The three functions: init(ctx), update(ctx, data, length), final(digest, ctx). */
    private record Functions(MethodHandle init, MethodHandle update, MethodHandle fin, boolean intLength) {
        static Optional<Functions> load() {
            try {
                boolean mac = Platform.current().isMac();
                SymbolLookup lib = mac
                        ? SymbolLookup.libraryLookup("/usr/lib/system/libcommonCrypto.dylib", Arena.global())
                        : cryptoLibrary();
                if (lib == null) {
                    return Optional.empty();
                }
                String prefix = mac ? "CC_SHA256_" : "SHA256_";
                Linker linker = Linker.nativeLinker();
                Linker.Option inPlace = Linker.Option.critical(true);
                ValueLayout length = mac ? ValueLayout.JAVA_INT : ValueLayout.JAVA_LONG; // CC_LONG is 32 bits
                FunctionDescriptor init = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
                FunctionDescriptor update = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, length);
                FunctionDescriptor fin = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS);
                return Optional.of(new Functions(
                        linker.downcallHandle(lib.findOrThrow(prefix + "Init"), init, inPlace),
                        linker.downcallHandle(lib.findOrThrow(prefix + "Update"), update, inPlace),
                        linker.downcallHandle(lib.findOrThrow(prefix + "Final"), fin, inPlace), mac));
            } catch (RuntimeException e) {
                return Optional.empty(); // no library, or not these symbols: the JDK's SHA-256 then
            }
        }
    }

    /** Linux's system crypto library (OpenSSL's libcrypto), or null where there is none. */
    public static SymbolLookup cryptoLibrary() {
        for (String name : new String[]{"libcrypto.so.3", "libcrypto.so"}) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                // not this one
            }
        }
        return null;
    }

    /** Whether the system library was found (else callers use the JDK's SHA-256). */
    public static boolean available() {
        return F != null;
    }

    /** A new SHA-256 digest; only when {@link #available()}. */
    public static MessageDigest create() {
        if (F == null) {
            throw new IllegalStateException("no system SHA-256 library");
        }
        return new NativeSha256();
    }

    private NativeSha256() {
        super("SHA-256");
        engineReset();
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[]{input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        MemorySegment data = MemorySegment.ofArray(input);
        try {
            while (len > 0) {
                int n = Math.min(len, MAX_CALL);
                if (F.intLength()) {
                    int ignored = (int) F.update().invokeExact(contextSegment, data.asSlice(offset, n), n);
                } else {
                    int ignored = (int) F.update().invokeExact(contextSegment, data.asSlice(offset, n), (long) n);
                }
                offset += n;
                len -= n;
            }
        } catch (Throwable t) {
            throw new IllegalStateException("SHA-256 update failed", t);
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[32];
        try {
            int ignored = (int) F.fin().invokeExact(MemorySegment.ofArray(out), contextSegment);
        } catch (Throwable t) {
            throw new IllegalStateException("SHA-256 final failed", t);
        }
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        try {
            int ignored = (int) F.init().invokeExact(contextSegment);
        } catch (Throwable t) {
            throw new IllegalStateException("SHA-256 init failed", t);
        }
    }

    /** A copy with the same state: both contexts are plain data, so copying the bytes copies the digest. */
    @Override
    public Object clone() throws CloneNotSupportedException {
        NativeSha256 c = (NativeSha256) super.clone();
        c.context = context.clone();
        c.contextSegment = MemorySegment.ofArray(c.context);
        return c;
    }
}
