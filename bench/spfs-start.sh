#!/usr/bin/env bash
# Registering a runtime of an spfs tag of 100,000 entries (issue 25: under 200 ms), against
# registering the same tree from spfsd's own repository, side by side in one daemon. The spfs
# repository is made by push --remote spfs:PATH of a 100,000-file layer (spfs's layout and
# flatbuffer encoding) from another repository than the daemon's. Each registration goes over the control socket (no JVM start counted);
# the first spfs one converts the manifest (cold), the later ones find it converted; last, a
# daemon started again registers the first tag (converted by the first daemon, not again).
# Needs root.   Usage: bench/spfs-start.sh [ENTRIES] [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ENTRIES=${1:-100000}
ROUNDS=${2:-5}
"$spfsd" dev build
export SPFSD_REPO="$W/repo" SPFSD_SOCKET="$W/sock" SPFSD_MOUNTPOINT="$W/mnt"
make_files "$W/src" "$ENTRIES"
# The spfs tags are made in a repository of their own, so the daemon's holds nothing of them: a
# conversion writes what it makes (a daemon's repository holding the same manifest already would
# skip that write).
SPFSD_REPO="$W/spfs-side" "$spfsd" commit -q "$W/src" -t from-spfs >/dev/null
SPFSD_REPO="$W/spfs-side" "$spfsd" push -q --remote "spfs:$W/spfs" from-spfs >/dev/null
cp -r "$W/src" "$W/src2" && for d in "$W"/src2/d*; do echo changed >> "$d/$(ls "$d" | head -1)"; done
SPFSD_REPO="$W/spfs-side" "$spfsd" commit -q "$W/src2" -t from-spfs-2 >/dev/null # every directory differs
SPFSD_REPO="$W/spfs-side" "$spfsd" push -q --remote "spfs:$W/spfs" from-spfs-2 >/dev/null
echo own > "$W/src/own" # the daemon's own tag: the same size, another manifest
"$spfsd" commit -q "$W/src" -t big >/dev/null
"$spfsd" serve 2>"$W/serve.log" &
pids+=($!)
wait_for_socket "$W/sock"
for i in $(seq 1 $((2 * ROUNDS + 1))); do sleep 600 & pids+=($!); done
python3 - "$W/sock" "spfs:$W/spfs" "$ROUNDS" "${pids[@]:1}" <<'PY'
import json, socket, sys, time, statistics
sock, remote, rounds, pids = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def mount(pid, ref, extra):
    s = socket.socket(socket.AF_UNIX); s.connect(sock)
    t0 = time.perf_counter()
    s.sendall((json.dumps(dict({"op": "mount", "pid": int(pid), "refs": [ref]}, **extra)) + "\n").encode())
    reply = json.loads(s.makefile().readline()); t1 = time.perf_counter(); s.close()
    assert reply["ok"], reply
    return (t1 - t0) * 1000
own, spfs = [], []
for i in range(rounds):  # alternating, so both see the same machine
    spfs.append(mount(pids[2 * i], "from-spfs", {"remote": remote}))
    own.append(mount(pids[2 * i + 1], "big", {}))
print("spfs tag, each registration (ms): " + " ".join(f"{t:.0f}" for t in spfs))
print("own repository, each (ms):        " + " ".join(f"{t:.0f}" for t in own))
second = mount(pids[-1], "from-spfs-2", {"remote": remote})
print(f"first spfs (cold) {spfs[0]:.0f} ms; another tag of 100,000 entries, all its trees new, once the daemon"
      f" has converted one: {second:.0f} ms; median of the rest: spfs {statistics.median(spfs[1:]):.0f} ms,"
      f" own {statistics.median(own[1:]):.0f} ms")
PY
# A daemon started again: what the first one converted is noted in its repository (spfs-converted/).
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
"$spfsd" serve 2>>"$W/serve.log" &
pids+=($!)
wait_for_socket "$W/sock"
sleep 600 & pids+=($!)
echo "the same spfs tag, first registration of a daemon started again: $(register_ms "$W/sock" "spfs:$W/spfs" "${pids[-1]}" from-spfs) ms"
