package io.spfsd.os;

/**
 * What routing needs to know about a process: its parent, and its start time, which tells a
 * process apart from a later one that reuses its PID.
 */
public record ProcessInfo(int pid, int ppid, long startTime) {
}
