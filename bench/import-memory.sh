#!/usr/bin/env bash
# Import memory (issue 11: "peak RSS bounded whatever the tree's size"): commit's peak RSS,
# first commit and unchanged re-commit, for trees of growing size made here on a tmpfs
# (small files, 50 a directory, 100 directories a group), and for one directory holding as
# many entries as the middle tree, the one shape whose memory grows (a directory is one tree
# in the format, sorted before it is stored).
#   bench/import-memory.sh [FILES...]     default: 50000 200000 800000
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes=("${@:-50000 200000 800000}"); read -r -a sizes <<<"${sizes[*]}"
"$spfsd" --version >/dev/null
mkdir -p "$W/warm" && echo hi >"$W/warm/f" && SPFSD_REPO="$W/warm-repo" "$spfsd" commit -q "$W/warm" >/dev/null # commit's start-up cache, made before any RSS is taken
mount -t tmpfs -o size=8g tmpfs "$W"
make_tree() { # make_tree DIR FILES PER_DIR
  python3 - "$@" <<'PY'
import os, sys
root, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    d = os.path.join(root, "g%04d" % (i // (per * 100)), "d%03d" % ((i // per) % 100))
    if i % per == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%07d" % i), "w") as f:
        f.write("file %d\n" % i)
PY
}
measure() { # measure LABEL TREE: one row, first commit then again, into a fresh repository
  local repo="$W/repo" first again
  rm -rf "$repo"
  first=$(SPFSD_REPO=$repo /usr/bin/time -f '%e %M' "$spfsd" commit -q "$2" 2>&1 >/dev/null | tail -1)
  again=$(SPFSD_REPO=$repo /usr/bin/time -f '%e %M' "$spfsd" commit -q "$2" 2>&1 >/dev/null | tail -1)
  printf '| %s | %s s | %d MiB | %s s | %d MiB |\n' "$1" "${first% *}" $((${first#* } / 1024)) \
    "${again% *}" $((${again#* } / 1024))
}
echo "| tree | first commit | peak RSS | again, unchanged | peak RSS |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  rm -rf "$W/tree"; make_tree "$W/tree" "$n" 50
  sleep 3 # a file changed less than 2 s before a commit is not remembered by it (docs/repository-format.md)
  measure "$n files" "$W/tree"
done
mid=${sizes[$(( ${#sizes[@]} / 2 ))]}
rm -rf "$W/tree"; make_tree "$W/tree" "$mid" "$mid"; sleep 3
measure "$mid files in one directory" "$W/tree"
rm -rf "$W/tree" "$W/repo"
