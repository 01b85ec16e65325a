#!/usr/bin/env bash
# Reading file data: a 100 MiB file read cold (the kernel's page cache dropped before each
# read) through spfsd with splice, spfsd with pread (--no-splice), libfuse's passthrough_ll,
# and tmpfs itself. The repository and the passthrough source live on tmpfs, so "cold"
# means the FUSE path, not a disk.   Needs root, cc, libfuse3-dev.  Usage: bench/read.sh [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
examples=/usr/share/doc/libfuse3-dev/examples
"$spfsd" dev build
cc -O2 -o "$W/passthrough_ll" -I"$examples" "$examples/passthrough_ll.c" $(pkg-config fuse3 --cflags --libs)
mkdir -p "$W/t" && mount -t tmpfs -o size=600m tmpfs "$W/t"
mkdir -p "$W/t/src" && head -c $((100 << 20)) /dev/urandom > "$W/t/src/big"
export SPFSD_REPO="$W/t/repo"
"$spfsd" commit -q "$W/t/src" -t big >/dev/null
mkdir -p "$W/pt"
"$W/passthrough_ll" -f -o source="$W/t/src",cache=never "$W/pt" 2>/dev/null & pids+=($!)
for mode in splice no-splice; do
  SPFSD_SOCKET="$W/$mode.sock" SPFSD_MOUNTPOINT="$W/mnt-$mode" "$spfsd" serve "--$mode" 2>"$W/$mode.log" & pids+=($!)
done
wait_for_socket "$W/splice.sock"; wait_for_socket "$W/no-splice.sock"
sleep 0.5
grep -h "reads:" "$W"/*.log | sed 's/^.*FUSE/  FUSE/'

declare -A samples
for r in $(seq 1 "$ROUNDS"); do
  samples[tmpfs]+="$(readtime "$W/t/src/big") "
  samples[passthrough]+="$(readtime "$W/pt/big") "
  for mode in splice no-splice; do
    samples[spfsd-$mode]+="$(SPFSD_SOCKET="$W/$mode.sock" "$spfsd" run big -- sh -c "$(declare -f readtime); readtime $W/mnt-$mode/big") "
  done
done
printf "%-18s %10s %10s\n" target "median s" "MiB/s"
for t in tmpfs passthrough spfsd-splice spfsd-no-splice; do
  m=$(median ${samples[$t]})
  printf "%-18s %10.3f %10.0f\n" "$t" "$m" "$(echo "100 / $m" | bc -l)"
done
