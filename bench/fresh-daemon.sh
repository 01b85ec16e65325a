#!/usr/bin/env bash
# A fresh daemon (an empty repository each time): ms from `serve` to its socket, then ms of its
# first registration, a runtime of a 100,000-entry spfs tag (converted then). With PAUSE=S, the
# registration comes S seconds after the socket opened, as for a daemon started at boot (systemd,
# launchd) and used later; without, at once, as when `spfsd run` starts the daemon. Each ROOT is a
# checkout of spfsd (built there), so two builds are compared side by side, alternating.
# Needs root.   Usage: [PAUSE=S] bench/fresh-daemon.sh ROUNDS ROOT...
set -euo pipefail
. "$(dirname "$0")/common.sh"
ROUNDS=$1; shift
PAUSE=${PAUSE:-0}
"$spfsd" dev build
make_files "$W/src" 100000
SPFSD_REPO="$W/own" "$spfsd" commit -q "$W/src" -t big >/dev/null
SPFSD_REPO="$W/own" "$spfsd" push -q --remote "spfs:$W/spfs" big >/dev/null
for root in "$@"; do # each build and its start-up caches made before anything is timed
  SPFSD_REPO="$W/x" "$root/bin/spfsd" tags >/dev/null
done
for r in $(seq 1 "$ROUNDS"); do
  for root in "$@"; do
    d="$W/$r-$(echo "$root" | tr / _)"
    mkdir -p "$d/mnt"
    t0=$(date +%s%N)
    SPFSD_REPO="$d/repo" SPFSD_SOCKET="$d/sock" SPFSD_MOUNTPOINT="$d/mnt" "$root/bin/spfsd" serve 2>"$d/log" &
    daemon=$!
    pids+=("$daemon")
    for _ in $(seq 1 4000); do [ -S "$d/sock" ] && break; sleep 0.005; done # finer than wait_for_socket
    wait_for_socket "$d/sock"
    t1=$(date +%s%N)
    sleep "$PAUSE"
    sleep 600 & pids+=($!)
    ms=$(register_ms "$d/sock" "spfs:$W/spfs" "${pids[-1]}" big)
    echo "$root: socket after $(( (t1 - t0) / 1000000 )) ms, first registration $ms ms"
    kill "${pids[-1]}" "$daemon"; wait "$daemon" 2>/dev/null || true
  done
done
