#!/usr/bin/env bash
# Real workloads over a copy of /usr/include (issue 12), side by side in ONE run:
#
#   tmpfs           the tree on tmpfs itself (the floor)
#   pt-default      libfuse's passthrough_ll with its default caching (the bar: C with kernel caching)
#   pt-never        passthrough_ll -o cache=never
#   spfsd-fresh     spfsd, a daemon started just before (JIT and caches cold: the first runs)
#   spfsd           spfsd, the same daemon once warm
#   spfsd-beside    spfsd, the same runtime while another runtime shows a different tree at every
#                   directory (the tree plus a layer adding one file to each): no place agrees,
#                   so the kernel keeps nothing there and every walk is routed (docs/architecture.md)
#
#   compile  gcc -fsyntax-only of a file including 18 system headers, -nostdinc -isystem <tree>
#   find     find <tree> -type f -size +1k
#   grep     grep -rq over the whole tree with a pattern that never matches (reads every byte)
#
# Each figure is the median of RUNS runs (default 7) after one warm-up run, measured inside the
# target (for spfsd, inside a runtime, so `spfsd run` itself is not timed). spfsd-fresh is the
# first timed run of each workload on a daemon that has served nothing else. Also prints
# the daemon's per-request times (metrics.ops: its own work, and the reply) for the fresh run
# and for the warm runs.
# Needs root, /dev/fuse, cc, gcc, libfuse3-dev.  Usage: bench/workloads.sh  (RUNS=7)
set -euo pipefail
. "$(dirname "$0")/common.sh"
RUNS=${RUNS:-7}
[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 1; }
examples=/usr/share/doc/libfuse3-dev/examples
"$spfsd" dev build
cc -O2 -o "$W/passthrough_ll" -I"$examples" "$examples/passthrough_ll.c" $(pkg-config fuse3 --cflags --libs)

mkdir -p "$W/tmpfs" && mount -t tmpfs -o size=512m tmpfs "$W/tmpfs"
T="$W/tmpfs/include"
cp -a /usr/include "$T"
gccinc=$(dirname "$(gcc -print-libgcc-file-name)")/include
cat > "$W/hello.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <math.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <ctype.h>
#include <locale.h>
int main(void) { return 0; }
C
export SPFSD_REPO="$W/repo" SPFSD_SOCKET="$W/spfsd.sock" SPFSD_MOUNTPOINT="$W/spfsd"
"$spfsd" commit -q "$T" -t include >/dev/null

mkdir -p "$W/ptd" "$W/ptn"
"$W/passthrough_ll" -f -o source="$T" "$W/ptd" 2>"$W/ptd.log" & pids+=($!)
"$W/passthrough_ll" -f -o source="$T",cache=never "$W/ptn" 2>"$W/ptn.log" & pids+=($!)
"$spfsd" serve 2>"$W/serve.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"
until grep -q " $W/ptn " /proc/mounts && grep -q " $W/ptd " /proc/mounts; do sleep 0.1; done

# The three workloads for a tree at $R; prints "compile find grep" seconds, one run. With a
# second argument (compile, find or grep) it runs and prints that one only.
cat > "$W/once.sh" <<SH
#!/bin/bash
TIMEFORMAT=%R
R=\$1 only=\${2:-}
c=\$( [ -z "\$only" ] || [ "\$only" = compile ] && { time gcc -fsyntax-only -nostdinc -isystem "$gccinc" -isystem "\$R/x86_64-linux-gnu" -isystem "\$R" "$W/hello.c" ; } 2>&1 )
f=\$( [ -z "\$only" ] || [ "\$only" = find ] && { time find "\$R" -type f -size +1k >/dev/null ; } 2>&1 )
g=\$( [ -z "\$only" ] || [ "\$only" = grep ] && { time grep -rq zzzz-never-there-zzzz "\$R" ; } 2>&1 )
echo \$c \$f \$g
SH
chmod +x "$W/once.sh"
# runs TREE: the first run, then RUNS more, one line each
runs() { for _ in $(seq 0 "$RUNS"); do "$W/once.sh" "$1"; done; }

runs "$T" > "$W/tmpfs.txt"
runs "$W/ptd" > "$W/pt-default.txt"
runs "$W/ptn" > "$W/pt-never.txt"
# spfsd: the fresh daemon's first run, its per-request times, then the warm runs and theirs
# (one workload at a time, so the first requests' times can be told apart)
fresh=""
for w in compile find grep; do
  fresh+=" $("$spfsd" run include -- bash -c '"$0" "$SPFSD_MOUNTPOINT" "$1"' "$W/once.sh" "$w")"
  "$spfsd" status --json | jq -c '.metrics.ops' > "$W/ops-fresh-$w.json"
done
echo $fresh > "$W/spfsd.txt"
cp "$W/ops-fresh-grep.json" "$W/ops-fresh.json"
"$spfsd" run include -- bash -c 'for _ in $(seq 1 "$1"); do "$0" "$SPFSD_MOUNTPOINT"; done' "$W/once.sh" "$RUNS" >> "$W/spfsd.txt"
"$spfsd" status --json | jq -c '.metrics.ops' > "$W/ops.json"

(cd "$T" && find . -type d) | while read -r d; do mkdir -p "$W/beside/$d" && : > "$W/beside/$d/.beside"; done
"$spfsd" commit -q "$W/beside" -t beside >/dev/null
"$spfsd" run include+beside -- sleep 3600 & beside=$!
until "$spfsd" status --json | jq -e '.active_mounts >= 1' >/dev/null; do sleep 0.1; done
"$spfsd" run include -- bash -c 'for _ in $(seq 0 "$1"); do "$0" "$SPFSD_MOUNTPOINT"; done' "$W/once.sh" "$RUNS" \
  > "$W/spfsd-beside.txt"
kill "$beside"; wait "$beside" 2>/dev/null || true

python3 - "$W" "$RUNS" <<'PY'
import statistics, sys, json
w, runs = sys.argv[1], int(sys.argv[2])
def load(name):
    return [[float(x) for x in l.split()] for l in open(f"{w}/{name}.txt")]
rows = {t: load(t) for t in ["tmpfs", "pt-default", "pt-never", "spfsd", "spfsd-beside"]}
med = {t: [statistics.median(r[i] for r in v[1:]) for i in range(3)] for t, v in rows.items()}
med["spfsd-fresh"] = rows["spfsd"][0]
cols = ["compile", "find", "grep -r"]
print(f"Medians of {runs} runs after a warm-up (spfsd-fresh: the first run on a new daemon), seconds:\n")
print("| target | " + " | ".join(cols) + " |\n|---|---|---|---|")
for t in ["tmpfs", "pt-default", "pt-never", "spfsd-fresh", "spfsd", "spfsd-beside"]:
    print(f"| {t} | " + " | ".join(f"{v:.3f}" for v in med[t]) + " |")
print("\n| ratio | " + " | ".join(cols) + " | target |\n|---|---|---|---|---|")
for a, b, target in [("spfsd", "pt-default", "compile <= 1.0"), ("spfsd", "tmpfs", "compile <= 1.3, find <= 1.5, grep <= 2.0"),
                     ("spfsd-fresh", "pt-default", ""), ("pt-default", "tmpfs", ""),
                     ("spfsd-beside", "spfsd", "the price of runtimes that differ everywhere")]:
    print(f"| {a} / {b} | " + " | ".join(f"{x / y:.2f}" for x, y in zip(med[a], med[b])) + f" | {target} |")
# Per-request times inside the daemon (metrics.ops), split into the daemon's own work and the
# reply (the write to /dev/fuse that wakes the caller): the fresh daemon's first run, and the
# warm runs after it (the difference of two snapshots).
fresh = json.load(open(f"{w}/ops-fresh.json"))
total = json.load(open(f"{w}/ops.json"))
def sums(v):
    return v["count"], v["count"] * v["work_mean_us"], v["count"] * v["reply_mean_us"]
print("\n| per request, µs (work + reply) | fresh daemon, first run | warm runs | warm requests per run |")
print("|---|---|---|---|")
all_f = all_w = [0, 0.0, 0.0]
shown = ("lookup", "getattr", "open", "read", "flush", "release", "opendir", "readdir", "readdirplus", "releasedir")
for k in sorted(set(fresh) | set(total), key=lambda k: shown.index(k) if k in shown else len(shown)):
    f = sums(fresh[k]) if k in fresh else (0, 0.0, 0.0)
    t = sums(total[k]) if k in total else (0, 0.0, 0.0)
    wc, ww, wr = t[0] - f[0], t[1] - f[1], t[2] - f[2]
    all_f = [a + b for a, b in zip(all_f, f)]
    all_w = [a + b for a, b in zip(all_w, (wc, ww, wr))]
    fs = f"{f[1] / f[0]:.2f} + {f[2] / f[0]:.2f} ({f[0]}x)" if f[0] else "-"
    ws = f"{ww / wc:.2f} + {wr / wc:.2f}" if wc else "-"
    if k in shown:
        print(f"| {k} | {fs} | {ws} | {wc / runs:.0f} |")
print(f"| all operations | {all_f[1] / all_f[0]:.2f} + {all_f[2] / all_f[0]:.2f} ({all_f[0]}x) | "
      f"{all_w[1] / all_w[0]:.2f} + {all_w[2] / all_w[0]:.2f} | {all_w[0] / runs:.0f} |")
print("\nThe fresh daemon's first requests, workload by workload (all operations; work + reply, µs):\n")
print("| fresh daemon | requests so far | mean of these requests |\n|---|---|---|")
before = (0, 0.0, 0.0)
for name in ("compile", "find", "grep"):
    ops = json.load(open(f"{w}/ops-fresh-{name}.json"))
    tot = [0, 0.0, 0.0]
    for v in ops.values():
        tot = [a + b for a, b in zip(tot, sums(v))]
    n, wk, rp = tot[0] - before[0], tot[1] - before[1], tot[2] - before[2]
    print(f"| first {name} | {tot[0]} | {wk / n:.2f} + {rp / n:.2f} |")
    before = tot
per_run = [(all_w[1] / runs) / 1e6, (all_w[2] / runs) / 1e6]
print(f"\nA warm run of all three workloads: {all_w[0] / runs:.0f} requests, {per_run[0]:.3f} s of the daemon's own"
      f" work and {per_run[1]:.3f} s in replies (against {sum(med['spfsd']):.3f} s of wall time).")
PY
