#!/usr/bin/env bash
# Whole-system latency of spfsd, measured side by side in ONE run against its anchors:
#
#   tmpfs          the fixture tree on tmpfs itself (the floor)
#   passthrough    libfuse's own passthrough_ll example over that tree, -o cache=never
#                  (compiled here from /usr/share/doc/libfuse3-dev/examples; the headline anchor)
#   spfsd-nocache  spfsd serving the tree as a runtime, ancestry cache off (--no-ancestry-cache)
#   spfsd          spfsd serving the tree as a runtime, ancestry cache on (default)
#   spfsd-spfs     the same tree pushed to an spfs repository, which a daemon serves in place
#                  (serve --repo SPFSREPO: converted once, payloads fetched on first open)
#
# Two measurements per target, interleaved over ROUNDS rounds (medians reported):
#   - bench/latency.c, in-process: stat, readdir of 200 entries, open+read+close of a 150 KiB file
#   - the seed's shell loops: stat x1000, ls -la x100, cat x100 (each command is a new process)
#
# Writes a Markdown table with ratios and the machine description to bench/results/.
# NEST shells stand between the runtime's root and the client (default 3), as in real use
# (run -> make -> sh -> cc): it is the ancestry a routing cache miss has to walk.
#
# Needs root, /dev/fuse, cc and libfuse3-dev.   Usage: bench/run.sh  (ITER=5000 ROUNDS=5 NEST=3)
set -euo pipefail
. "$(dirname "$0")/common.sh"
ITER=${ITER:-5000}
ROUNDS=${ROUNDS:-5}
NEST=${NEST:-3}


[ "$(id -u)" = 0 ] || { echo "bench: run as root (mounts tmpfs and FUSE)" >&2; exit 1; }
[ -e /dev/fuse ] || { echo "bench: /dev/fuse is missing" >&2; exit 1; }
examples=/usr/share/doc/libfuse3-dev/examples
[ -f "$examples/passthrough_ll.c" ] || { echo "bench: install libfuse3-dev (for $examples)" >&2; exit 1; }

echo "bench: building (work dir $W)" >&2
"$spfsd" dev build
cc -O2 -o "$W/latency" "$here/latency.c"
# nest N CMD...: runs CMD under N shells that stay alive (no exec), N levels below the caller.
cat > "$W/nest" <<'SH'
#!/bin/sh
n=$1; shift
if [ "$n" -gt 0 ]; then "$0" $((n - 1)) "$@"; exit $?; fi
exec "$@"
SH
chmod +x "$W/nest"
cc -O2 -o "$W/passthrough_ll" -I"$examples" "$examples/passthrough_ll.c" $(pkg-config fuse3 --cflags --libs)

# Fixture: a small runtime-like tree on tmpfs.
mkdir -p "$W/tmpfs" && mount -t tmpfs -o size=256m tmpfs "$W/tmpfs"
T="$W/tmpfs"
mkdir -p "$T/usr/bin" "$T/usr/lib/dir200" "$T/usr/share/doc"
head -c 153600 /dev/urandom > "$T/usr/bin/tool" && chmod 755 "$T/usr/bin/tool"
for i in $(seq -w 1 200); do echo "$i" > "$T/usr/lib/dir200/lib$i.so"; done
cp -r /usr/share/doc/bash "$T/usr/share/doc/" 2>/dev/null || true

export SPFSD_REPO="$W/repo"
"$spfsd" commit -q "$T" -t bench >/dev/null

# Anchors and daemons, all up at once so every round sees the same machine state.
mkdir -p "$W/pt"
"$W/passthrough_ll" -f -o source="$T",cache=never "$W/pt" 2>"$W/pt.log" &
pids+=($!)
start_spfsd() { # name, extra serve options...
  local name=$1; shift
  SPFSD_SOCKET="$W/$name.sock" SPFSD_MOUNTPOINT="$W/$name" "$spfsd" serve "$@" 2>"$W/$name.log" &
  pids+=($!)
}
start_spfsd spfs-off --no-ancestry-cache
start_spfsd spfs-on
"$spfsd" push -q --remote "spfs:$W/spfs" bench >/dev/null
HOME="$W/home" start_spfsd spfs-spfs --repo "$W/spfs" # its conversions kept below $W/home
wait_for_socket "$W/spfs-off.sock"
wait_for_socket "$W/spfs-on.sock"
wait_for_socket "$W/spfs-spfs.sock"
until grep -q " $W/pt " /proc/mounts; do sleep 0.1; done

# run_in TARGET CMD...: runs CMD with $MNT set to the target's tree, inside the runtime for spfsd.
run_in() {
  local target=$1; shift
  case "$target" in
    tmpfs) MNT="$T" "$W/nest" "$NEST" "$@" ;;
    passthrough) MNT="$W/pt" "$W/nest" "$NEST" "$@" ;;
    spfsd-nocache) SPFSD_SOCKET="$W/spfs-off.sock" "$spfsd" run bench -- env MNT="$W/spfs-off" "$W/nest" "$NEST" "$@" ;;
    spfsd) SPFSD_SOCKET="$W/spfs-on.sock" "$spfsd" run bench -- env MNT="$W/spfs-on" "$W/nest" "$NEST" "$@" ;;
    spfsd-spfs) SPFSD_SOCKET="$W/spfs-spfs.sock" "$spfsd" run --repo "$W/spfs" bench -- \
      env MNT="$W/spfs-spfs" "$W/nest" "$NEST" "$@" ;;
  esac
}
loops='TIMEFORMAT=%R
s=$( { time (for i in $(seq 1000); do stat "$MNT/usr/bin/tool" >/dev/null; done) ; } 2>&1 )
l=$( { time (for i in $(seq 100); do ls -la "$MNT/usr/lib/dir200" >/dev/null; done) ; } 2>&1 )
c=$( { time (for i in $(seq 100); do cat "$MNT/usr/bin/tool" >/dev/null; done) ; } 2>&1 )
echo "$s $l $c"'

targets=(tmpfs passthrough spfsd-nocache spfsd spfsd-spfs)
for r in $(seq 1 "$ROUNDS"); do
  for t in "${targets[@]}"; do
    echo "$t $(run_in "$t" sh -c '"$0" "$MNT/usr/bin/tool" "$MNT/usr/lib/dir200" '"$ITER" "$W/latency") \
$(run_in "$t" bash -c "$loops")" >> "$W/samples"
  done
  echo "bench: round $r/$ROUNDS done" >&2
done
hit_rate=$(SPFSD_SOCKET="$W/spfs-on.sock" "$spfsd" status --json | jq '.metrics.cache_hit_rate')

stamp=$(date -u +%Y-%m-%dT%H%MZ)
out="$here/results/$stamp.md"
python3 - "$W/samples" "$out" "$hit_rate" "$ITER" "$ROUNDS" "$NEST" <<'PY'
import statistics, sys, platform, subprocess, os
samples, out, hit, iters, rounds, nest = sys.argv[1:7]
rows = {}
for line in open(samples):
    f = line.split()
    rows.setdefault(f[0], []).append([float(x) for x in f[1:]])
cols = ["stat us", "readdir200 us", "cat150K us", "stat x1000 s", "ls -la x100 s", "cat x100 s"]
med = {t: [statistics.median(s[i] for s in v) for i in range(6)] for t, v in rows.items()}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
fuse = subprocess.run(["pkg-config", "--modversion", "fuse3"], capture_output=True, text=True).stdout.strip()
lines = [f"# spfsd benchmark {os.path.basename(out)[:-3]}", "",
         f"Machine: {os.cpu_count()} cores, {cpu}, kernel {platform.release()}, libfuse {fuse}.",
         f"Medians of {rounds} interleaved rounds; latency client {iters} stats, {int(iters)//10} listings and reads,",
         f"run {nest} shells below the runtime's root (bench/run.sh, NEST={nest}).",
         f"spfsd ancestry cache hit rate over the run: {float(hit):.4f}.", "",
         "| target | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
for t in ["tmpfs", "passthrough", "spfsd-nocache", "spfsd", "spfsd-spfs"]:
    lines.append(f"| {t} | " + " | ".join(f"{v:.2f}" if v >= 1 else f"{v:.3f}" for v in med[t]) + " |")
lines += ["", "Ratios (lower is faster):", "", "| ratio | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
for a, b in [("spfsd", "passthrough"), ("spfsd", "spfsd-nocache"), ("spfsd", "tmpfs"), ("spfsd-nocache", "passthrough"),
             ("spfsd-spfs", "passthrough"), ("spfsd-spfs", "spfsd")]:
    lines.append(f"| {a} / {b} | " + " | ".join(f"{x / y:.2f}" for x, y in zip(med[a], med[b])) + " |")
text = "\n".join(lines) + "\n"
open(out, "w").write(text)
print(text)
PY
echo "bench: wrote $out" >&2
