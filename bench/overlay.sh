#!/usr/bin/env bash
# The editable overlay against fuse-overlayfs (the C overlay rootless Podman uses), side by
# side in one run, everything on one tmpfs. One base tree (a copy of /usr/include) is a layer
# for spfsd and the lower directory for fuse-overlayfs; each round starts from a fresh
# editable runtime / a fresh upper directory, and runs the workloads in order, each timed:
#   untar    extract a tarball of /usr/share/doc
#   touch    touch every header of the base (metadata copy-up)
#   append   append a line to 400 headers (data copy-up)
#   rm       rm -rf a third of the base's top-level directories
#   make     build 60 small C files with make -j2
#   grep     grep -r over the whole changed tree
#   all      the sum of the above
# The final trees (all but the build's objects) must be identical, else the run fails.
# BESIDE=1: a read-only runtime of the same base stays live meanwhile, so the editable
# runtime is never alone and the kernel keeps nothing of its directories (docs/architecture.md).
# Needs root, /dev/fuse, fuse-overlayfs, cc.   Usage: [BESIDE=1] bench/overlay.sh [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ROUNDS=${1:-3}
overlay_setup 3g
mkdir -p "$T/in/proj" "$T/base"
cp -a /usr/include/. "$T/base/"
tar -C /usr/share -cf "$T/in/doc.tar" doc
for i in $(seq 1 60); do printf '#include <stdio.h>\nint f%d(int x) { return x * %d; }\n' "$i" "$i" > "$T/in/proj/f$i.c"; done
printf 'OBJS=$(patsubst %%.c,%%.o,$(wildcard *.c))\nall: $(OBJS)\n%%.o: %%.c\n\t$(CC) -O0 -c $< -o $@\n' > "$T/in/proj/Makefile"
(cd "$T/base" && find . -name '*.h' -type f | sort > "$T/in/headers" && head -400 "$T/in/headers" > "$T/in/append")
(cd "$T/base" && ls -d */ | awk 'NR % 3 == 0' > "$T/in/remove")
echo "bench: base of $(find "$T/base" | wc -l) entries, $(wc -l < "$T/in/headers") headers" >&2

export SPFSD_REPO="$T/repo" SPFSD_SOCKET="$T/run/spfsd.sock" SPFSD_MOUNTPOINT="$W/mnt"
"$spfsd" commit -q "$T/base" -t base >/dev/null
"$spfsd" serve 2>"$W/serve.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"
if [ "${BESIDE:-0}" = 1 ]; then
  "$spfsd" run base -- sleep 3600 & pids+=($!)
  until "$spfsd" status --json | jq -e '.active_mounts >= 1' >/dev/null; do sleep 0.1; done
fi

# Each workload prints its seconds; the script runs with the overlay as its working directory.
work='t() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$1 $(echo "$t1 - $t0" | bc -l)"; }
untar() { tar -xf '"$T"'/in/doc.tar; }
touchall() { xargs -a '"$T"'/in/headers touch; }
append() { while read -r f; do echo "/* changed */" >> "$f"; done < '"$T"'/in/append; }
rmthird() { xargs -a '"$T"'/in/remove rm -rf; }
build() { cp -r '"$T"'/in/proj proj && make -s -j2 -C proj; }
grepall() { grep -r -c changed . || true; }
t untar; t touchall; t append; t rmthird; t build; t grepall
find . -path ./proj -prune -o -type f -print0 | sort -z | xargs -0 md5sum > '"$T"'/sums.$1'
declare -A s
round_fuse_overlayfs() {
  local d; d=$(mktemp -d "$T/fo.XXXX"); mkdir -p "$d/upper" "$d/work" "$d/mnt"
  fuse-overlayfs -o lowerdir="$T/base",upperdir="$d/upper",workdir="$d/work" "$d/mnt" 2>/dev/null
  (cd "$d/mnt" && bash -c "$work" - fuse-overlayfs); umount "$d/mnt"; rm -rf "$d"
}
round_spfsd() {
  "$spfsd" run -e base -- bash -c "cd \"\$SPFSD_MOUNTPOINT\" && { $work ; }" - spfsd
}
for r in $(seq 1 "$ROUNDS"); do
  for target in fuse-overlayfs spfsd; do
    while read -r w secs; do s[$target.$w]+="$secs "; s[$target.all.$r]=$(echo "${s[$target.all.$r]:-0} + $secs" | bc -l)
    done < <(round_${target//-/_})
    s[$target.all]+="${s[$target.all.$r]} "
  done
  cmp -s "$T/sums.fuse-overlayfs" "$T/sums.spfsd" || { echo "bench: the two final trees differ" >&2; diff "$T/sums.fuse-overlayfs" "$T/sums.spfsd" | head >&2; exit 1; }
  echo "bench: round $r/$ROUNDS done" >&2
done
printf "%-9s %15s %10s %16s\n" workload fuse-overlayfs spfsd "spfsd/overlayfs"
for w in untar touchall append rmthird build grepall all; do
  a=$(median ${s[fuse-overlayfs.$w]}); b=$(median ${s[spfsd.$w]})
  printf "%-9s %15.3f %10.3f %16.2f\n" "$w" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
