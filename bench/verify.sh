#!/usr/bin/env bash
# The cost of payload verification on a cold first read of a 100 MiB file: a fresh daemon
# each round, page cache dropped, the file read once through the mount. "verdict" keeps the
# repository's verified file (what commit recorded), "no-verdict" deletes it first, so the
# daemon hashes the whole payload before serving its first byte.   Needs root.
# Usage: bench/verify.sh [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
"$spfsd" dev build
mkdir -p "$W/t" && mount -t tmpfs -o size=400m tmpfs "$W/t"
mkdir -p "$W/t/src" && head -c $((100 << 20)) /dev/urandom > "$W/t/src/big"
export SPFSD_REPO="$W/t/repo" SPFSD_SOCKET="$W/sock" SPFSD_MOUNTPOINT="$W/mnt"
"$spfsd" commit -q "$W/t/src" -t big >/dev/null
cp "$SPFSD_REPO/verified" "$W/verified.saved"

declare -A samples
for r in $(seq 1 "$ROUNDS"); do
  for mode in verdict no-verdict; do
    if [ "$mode" = verdict ]; then cp "$W/verified.saved" "$SPFSD_REPO/verified"; else rm -f "$SPFSD_REPO/verified"; fi
    "$spfsd" serve 2>>"$W/serve.log" & d=$!
    wait_for_socket "$W/sock"
    samples[$mode]+="$("$spfsd" run big -- sh -c "$(declare -f readtime); readtime $W/mnt/big") "
    kill "$d"; wait "$d" 2>/dev/null || true
  done
done
printf "%-12s %10s %10s\n" case "median s" "MiB/s"
for t in verdict no-verdict; do
  m=$(median ${samples[$t]})
  printf "%-12s %10.3f %10.0f\n" "$t" "$m" "$(echo "100 / $m" | bc -l)"
done
