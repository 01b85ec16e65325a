#!/usr/bin/env bash
# Throughput with concurrent clients (issue 12): 1, 2 and 4 processes each stat(2)ing a file
# two levels down in a tight loop, side by side in one run, against
#   passthrough_ll cache=never   every stat reaches the daemon (the fair daemon-bound anchor)
#   passthrough_ll (default)     entries and attributes cached by the kernel for a second
#   spfsd                        a runtime of the same tree (the root's child is revalidated by
#                                every path walk, by design; below it the kernel caches)
# Sums of ops/s, medians of ROUNDS rounds. Needs root, /dev/fuse, cc, libfuse3-dev.
#   bench/concurrency.sh [SECONDS] [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
SECONDS_EACH=${1:-2}
ROUNDS=${2:-3}
examples=/usr/share/doc/libfuse3-dev/examples
"$spfsd" dev build >/dev/null
cc -O2 -o "$W/passthrough_ll" -I"$examples" "$examples/passthrough_ll.c" $(pkg-config fuse3 --cflags --libs)
cc -O2 -o "$W/statloop" "$here/statloop.c"
mkdir -p "$W/tmpfs" && mount -t tmpfs -o size=64m tmpfs "$W/tmpfs"
T="$W/tmpfs/tree"
mkdir -p "$T/dir" && echo x > "$T/dir/file"
export SPFSD_REPO="$W/repo" SPFSD_SOCKET="$W/spfsd.sock" SPFSD_MOUNTPOINT="$W/spfsd"
"$spfsd" commit -q "$T" -t tree >/dev/null
mkdir -p "$W/ptn" "$W/ptd"
"$W/passthrough_ll" -f -o source="$T",cache=never "$W/ptn" 2>"$W/ptn.log" & pids+=($!)
"$W/passthrough_ll" -f -o source="$T" "$W/ptd" 2>"$W/ptd.log" & pids+=($!)
"$spfsd" serve 2>"$W/serve.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"
until grep -q " $W/ptn " /proc/mounts && grep -q " $W/ptd " /proc/mounts; do sleep 0.1; done

# clients N PATH: N statloops at once on PATH; prints the sum of their ops/s
clients() {
  local n=$1 path=$2 i
  for i in $(seq "$n"); do "$W/statloop" "$path" "$SECONDS_EACH" > "$W/out.$i" & done
  wait
  cat "$W/out."* | awk '{s += $1} END {printf "%.0f\n", s}'
  rm -f "$W/out."*
}
export -f clients
declare -A r
for round in $(seq "$ROUNDS"); do
  for n in 1 2 4; do
    r[ptn,$n]+=" $(clients "$n" "$W/ptn/dir/file")"
    r[ptd,$n]+=" $(clients "$n" "$W/ptd/dir/file")"
    r[spfsd,$n]+=" $("$spfsd" run tree -- bash -c "W='$W' SECONDS_EACH=$SECONDS_EACH; $(declare -f clients); clients $n \"\$SPFSD_MOUNTPOINT/dir/file\"")"
  done
done
echo "| stat/s, sum over clients | 1 client | 2 clients | 4 clients | 4 vs 1 |"
echo "|---|---|---|---|---|"
for t in ptn ptd spfsd; do
  name=$(case $t in ptn) echo "passthrough_ll cache=never";; ptd) echo "passthrough_ll default";; *) echo spfsd;; esac)
  one=$(median ${r[$t,1]}); two=$(median ${r[$t,2]}); four=$(median ${r[$t,4]})
  printf '| %s | %s | %s | %s | %.2fx |\n' "$name" "$one" "$two" "$four" "$(echo "$four / $one" | bc -l)"
done
