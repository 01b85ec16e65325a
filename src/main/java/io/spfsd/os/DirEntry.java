package io.spfsd.os;

/**
 * One entry of a directory as the system lists it: its name's exact bytes, and what an lstat
 * of it says (null if it went away between the listing and the stat).
 */
public record DirEntry(byte[] name, FileStat stat) {
}
