#!/usr/bin/env bash
# rm -rf of a deep stack directory in an editable runtime, against fuse-overlayfs over the same
# tree: a layer (and lower directory) holding d/d/.../d/f, LEVELS deep; `rm -rf d && ls -a`
# timed inside each (spfsd: inside `spfsd run -e`, so the CLI's start is not counted). Upper,
# work and repository on one tmpfs. Past ~2,000 levels the scratch's paths pass PATH_MAX.
# Needs root, /dev/fuse, fuse-overlayfs.   Usage: bench/deep-rm.sh [LEVELS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
LEVELS=${1:-2000}
overlay_setup 1g
mkdir -p "$T/base"
(cd "$T/base" && for _ in $(seq 1 "$LEVELS"); do mkdir d && cd d; done && echo deep > f)

export SPFSD_REPO="$T/repo" SPFSD_SOCKET="$T/run/spfsd.sock" SPFSD_MOUNTPOINT="$W/mnt"
"$spfsd" commit -q "$T/base" -t deep >/dev/null
"$spfsd" serve 2>"$W/serve.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"

timed='t0=$(date +%s.%N); rm -rf d && ls -a >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l'
mkdir -p "$T/fo/upper" "$T/fo/work" "$T/fo/mnt"
fuse-overlayfs -o lowerdir="$T/base",upperdir="$T/fo/upper",workdir="$T/fo/work" "$T/fo/mnt" 2>/dev/null
fo=$(cd "$T/fo/mnt" && bash -c "$timed")
umount "$T/fo/mnt"
sp=$("$spfsd" run -e deep -- bash -c "cd \"\$SPFSD_MOUNTPOINT\" && { $timed ; }")
printf 'levels %s   fuse-overlayfs %.2f s   spfsd %.2f s   spfsd/overlayfs %.2f\n' "$LEVELS" "$fo" "$sp" "$(echo "$sp / $fo" | bc -l)"
