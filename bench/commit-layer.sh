#!/usr/bin/env bash
# commit layer against commit DIR of the same tree, side by side in one run: 40 directories
# of 500 small files (20,000 files), new content each round so every payload is stored.
# `commit DIR` imports the tree from disk; `commit layer` commits an editable runtime into
# which the tree was copied (the copy is not timed). Both through the CLI, with its start-up.
# Needs root, /dev/fuse.   Usage: bench/commit-layer.sh [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
"$spfsd" dev build
export SPFSD_REPO="$W/repo" SPFSD_SOCKET="$W/run/spfsd.sock" SPFSD_MOUNTPOINT="$W/mnt"
mkdir -p "$W/empty"
"$spfsd" commit -q "$W/empty" -t empty >/dev/null
"$spfsd" serve 2>"$W/serve.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"

tree() { # tree DIR ROUND: 40 x 500 files whose bytes name the round
  for d in $(seq 1 40); do
    mkdir -p "$1/d$d"
    for i in $(seq 1 500); do echo "$2 $d $i" > "$1/d$d/f$i"; done
  done
}
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

dirs=() layers=()
for r in $(seq 0 "$ROUNDS"); do # round 0 warms both paths up and is not counted
  tree "$W/src-dir-$r" "dir $r"
  tree "$W/src-layer-$r" "layer $r"
  "$spfsd" run -e empty --keep-runtime --runtime-name "bench$r" -- cp -r "$W/src-layer-$r/." "$SPFSD_MOUNTPOINT/"
  sync
  d=$(seconds "$spfsd" commit -q "$W/src-dir-$r")
  l=$(seconds "$spfsd" commit layer -q --runtime "bench$r")
  "$spfsd" runtime rm "bench$r" >/dev/null
  if [ "$r" -gt 0 ]; then dirs+=("$d"); layers+=("$l"); fi
  printf 'round %d: commit DIR %.3f s, commit layer %.3f s\n' "$r" "$d" "$l" >&2
done
md=$(median "${dirs[@]}"); ml=$(median "${layers[@]}")
printf '| commit DIR | commit layer | layer/DIR |\n| --- | --- | --- |\n| %.3f s | %.3f s | %.2fx |\n' \
  "$md" "$ml" "$(echo "$ml / $md" | bc -l)"
