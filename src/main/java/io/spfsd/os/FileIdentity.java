package io.spfsd.os;

/**
 * Which file, in which state: device, inode, size and status-change time. Any write,
 * truncation or replacement of a file changes at least one of them, so a verdict on a
 * file's content holds for exactly as long as its identity stays the same.
 */
public record FileIdentity(long dev, long ino, long size, long ctimeNanos) {
}
