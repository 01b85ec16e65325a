#!/usr/bin/env bash
# Writing: an editable runtime against libfuse's passthrough_ll (default caching) and tmpfs,
# side by side in one run, everything on tmpfs (the scratch too: the socket's directory is
# there). Workloads, each in a fresh directory (a fresh runtime for spfsd):
#   untar   extract a tarball of /usr/include
#   cp100   copy a 100 MiB file in
#   read    read that file back (page cache warm)
#   make    build 50 small C files with make -j2
# Needs root, /dev/fuse, cc, libfuse3-dev.   Usage: bench/edit.sh [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ROUNDS=${1:-3}
examples=/usr/share/doc/libfuse3-dev/examples
"$spfsd" dev build
cc -O2 -o "$W/passthrough_ll" -I"$examples" "$examples/passthrough_ll.c" $(pkg-config fuse3 --cflags --libs)
mkdir -p "$W/t" && mount -t tmpfs -o size=3g tmpfs "$W/t"
T="$W/t"
mkdir -p "$T/in" "$T/tmpfs" "$T/pt-src" "$T/pt" "$T/empty"
tar -C /usr -cf "$T/in/include.tar" include
head -c $((100 << 20)) /dev/urandom > "$T/in/big"
mkdir -p "$T/in/proj"
for i in $(seq 1 50); do printf 'int f%d(int x) { return x * %d; }\n' "$i" "$i" > "$T/in/proj/f$i.c"; done
printf 'OBJS=$(patsubst %%.c,%%.o,$(wildcard *.c))\nall: $(OBJS)\n%%.o: %%.c\n\t$(CC) -O0 -c $< -o $@\n' > "$T/in/proj/Makefile"
tar -C "$T/in" -cf "$T/in/proj.tar" proj
echo "bench: $(tar -tf "$T/in/include.tar" | wc -l) entries in the /usr/include tarball" >&2

ulimit -n "$(ulimit -Hn)"  # passthrough_ll keeps a descriptor per inode
"$W/passthrough_ll" -f -o source="$T/pt-src" "$T/pt" 2>"$W/pt.log" & pids+=($!)
export SPFSD_REPO="$T/repo" SPFSD_SOCKET="$T/run/spfsd.sock" SPFSD_MOUNTPOINT="$W/mnt"
"$spfsd" commit -q "$T/empty" -t empty >/dev/null
"$spfsd" serve 2>"$W/serve.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"
until grep -q " $T/pt " /proc/mounts; do sleep 0.1; done

work='case $1 in
  untar) tar -xf '"$T"'/in/include.tar ;;
  cp100) cp '"$T"'/in/big big ;;
  read) cp '"$T"'/in/big big && cat big > /dev/null && TIMEFORMAT=%R && time cat big > /dev/null ;;
  make) tar -xf '"$T"'/in/proj.tar && cd proj && make -s -j2 ;;
esac'
# measure TARGET WORKLOAD -> seconds (read: the second, warm read only)
measure() {
  local target=$1 w=$2 dir
  case "$target" in
    tmpfs) dir=$(mktemp -d "$T/tmpfs/r.XXXX") ;;
    passthrough) dir=$(mktemp -d "$T/pt-src/r.XXXX"); dir="$T/pt/${dir##*/}" ;;
  esac
  local timed="TIMEFORMAT=%R; time (bash -c '$work' - $w >/dev/null)"
  [ "$w" = read ] && timed="bash -c '$work' - read 2>&1 >/dev/null | tail -1"
  case "$target" in
    spfsd) "$spfsd" run -e empty -- bash -c "cd \"\$SPFSD_MOUNTPOINT\" && { $timed ; } 2>&1" | tail -1 ;;
    *) (cd "$dir" && bash -c "{ $timed ; } 2>&1" | tail -1); rm -rf "$dir" ;;
  esac
}
declare -A s
for r in $(seq 1 "$ROUNDS"); do
  for w in untar cp100 read make; do
    for t in tmpfs passthrough spfsd; do s[$t.$w]+="$(measure "$t" "$w") "; done
  done
  sync; echo 2 > /proc/sys/vm/drop_caches # the kernel forgets the inodes, passthrough_ll its descriptors
  echo "bench: round $r/$ROUNDS done" >&2
done
printf "%-8s %10s %12s %10s %14s %10s\n" workload tmpfs passthrough spfsd "spfsd/pt" "spfsd/tmpfs"
for w in untar cp100 read make; do
  a=$(median ${s[tmpfs.$w]}); b=$(median ${s[passthrough.$w]}); c=$(median ${s[spfsd.$w]})
  printf "%-8s %10.3f %12.3f %10.3f %14.2f %10.2f\n" "$w" "$a" "$b" "$c" "$(echo "$c / $b" | bc -l)" "$(echo "$c / $a" | bc -l)"
done
