package io.spfsd.os;

/** One finding of `spfsd doctor`: status ok, warn (works, with a limit) or fail (spfsd cannot work). */
public record PlatformCheck(String name, String status, String detail) {
    public static PlatformCheck ok(String name, String detail) {
        return new PlatformCheck(name, "ok", detail);
    }

    public static PlatformCheck warn(String name, String detail) {
        return new PlatformCheck(name, "warn", detail);
    }

    public static PlatformCheck fail(String name, String detail) {
        return new PlatformCheck(name, "fail", detail);
    }
}
