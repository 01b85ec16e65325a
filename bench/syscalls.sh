#!/usr/bin/env bash
# Syscalls the daemon makes per routed FUSE request, ancestry cache off vs on: strace -c -f
# on the daemon while bench/latency.c works inside a runtime (N stats, N/10 listings and reads). libfuse's own
# read and writev of /dev/fuse are 2 per request; everything above that is routing.
# Needs root, strace, cc.   Usage: bench/syscalls.sh [N]
set -euo pipefail
. "$(dirname "$0")/common.sh"
N=${1:-2000}
command -v strace >/dev/null || { echo "syscalls: install strace" >&2; exit 1; }
"$spfsd" dev build
cc -O2 -o "$W/latency" "$here/latency.c"
mkdir -p "$W/src/usr/bin" && head -c 4096 /dev/urandom > "$W/src/usr/bin/tool"
export SPFSD_REPO="$W/repo"
"$spfsd" commit -q "$W/src" -t sys >/dev/null

measure() { # name, serve options...
  local name=$1; shift
  SPFSD_SOCKET="$W/$name.sock" SPFSD_MOUNTPOINT="$W/mnt-$name" "$spfsd" serve "$@" 2>"$W/$name.log" &
  local jpid=$!; pids+=("$jpid")
  wait_for_socket "$W/$name.sock"
  # warm up the JIT and the kernel's caches, then count
  SPFSD_SOCKET="$W/$name.sock" "$spfsd" run sys -- "$W/latency" "$W/mnt-$name/usr/bin/tool" "$W/mnt-$name/usr/bin" 20000 >/dev/null
  local before after
  before=$(SPFSD_SOCKET="$W/$name.sock" "$spfsd" status --json | jq '[.metrics.ops[].count] | add')
  strace -c -f -o "$W/$name.strace" -p "$jpid" 2>/dev/null &
  local spid=$!
  sleep 1
  SPFSD_SOCKET="$W/$name.sock" "$spfsd" run sys -- "$W/latency" "$W/mnt-$name/usr/bin/tool" "$W/mnt-$name/usr/bin" "$N" >/dev/null
  after=$(SPFSD_SOCKET="$W/$name.sock" "$spfsd" status --json | jq '[.metrics.ops[].count] | add')
  kill -INT "$spid"; wait "$spid" 2>/dev/null || true
  local total
  total=$(awk '$NF=="total"{print $4}' "$W/$name.strace")
  local reqs=$((after - before))
  echo "$name: $reqs FUSE requests, $total syscalls traced: $(awk -v t="$total" -v n="$reqs" 'BEGIN{printf "%.2f per request, %.2f above libfuse'"'"'s read+writev", t/n, t/n-2}')"
  echo "  top syscalls (calls):"; sed -n '3,10p' "$W/$name.strace" | awk '$NF != "total" && $1 !~ /^-/ {printf "    %-14s %s\n", $NF, $4}'
}
measure cache-off --no-ancestry-cache
measure cache-on
