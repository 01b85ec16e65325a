#!/usr/bin/env bash
# Memory and registration time: one layer of 100,000 entries, 100 runtimes over it, every
# runtime's root walked by find. Reports the time of each registration (over the control
# socket, so no JVM start is counted) and the daemon's RSS.   Needs root.
# Usage: bench/memory.sh [ENTRIES] [RUNTIMES]
set -euo pipefail
. "$(dirname "$0")/common.sh"
ENTRIES=${1:-100000}
RUNTIMES=${2:-100}
"$spfsd" dev build
export SPFSD_REPO="$W/repo" SPFSD_SOCKET="$W/sock" SPFSD_MOUNTPOINT="$W/mnt"
make_files "$W/src" "$ENTRIES"
"$spfsd" commit -q "$W/src" -t big >/dev/null
"$spfsd" serve 2>"$W/serve.log" &
pids+=($!)
wait_for_socket "$W/sock"
daemon=$("$spfsd" status --json | jq .daemon_pid)
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$daemon/status"; }
echo "daemon RSS at start: $(rss) MB"
for i in $(seq 1 "$RUNTIMES"); do sleep 600 & pids+=($!); done
python3 - "$W/sock" "${pids[@]:1}" <<'PY' | tee "$W/reg.txt"
import json, socket, sys, time, statistics
sock, pids = sys.argv[1], sys.argv[2:]
times = []
for pid in pids:
    s = socket.socket(socket.AF_UNIX); s.connect(sock)
    t0 = time.perf_counter()
    s.sendall((json.dumps({"op": "mount", "pid": int(pid), "refs": ["big"]}) + "\n").encode())
    reply = json.loads(s.makefile().readline()); t1 = time.perf_counter(); s.close()
    assert reply["ok"], reply
    times.append((t1 - t0) * 1000)
print(f"registered {len(times)} runtimes of {reply['mount']['entries']} entries: first {times[0]:.1f} ms, "
      f"median {statistics.median(times):.2f} ms, max {max(times):.1f} ms")
PY
echo "daemon RSS after registering: $(rss) MB"
# Walk the whole tree from inside a few runtimes (the node ids are shared between them).
for pid in "${pids[@]:1:3}"; do
  nsenter_cmd="find $W/mnt -type f | wc -l"
  SPFSD_SOCKET="$W/sock" "$spfsd" run big -- sh -c "$nsenter_cmd" >/dev/null
done
nodes=$("$spfsd" status --json | jq .nodes)
echo "daemon RSS after walking all $ENTRIES entries three times: $(rss) MB ($nodes nodes held by the kernel)"
# The burst ends: every runtime's process exits, and the daemon should give the memory back.
for p in "${pids[@]:1}"; do kill "$p" 2>/dev/null || true; done
for _ in $(seq 1 100); do [ "$("$spfsd" status --json | jq .active_mounts)" = 0 ] && break; sleep 0.1; done
sleep 8
echo "daemon RSS 8 s after the last runtime ended: $(rss) MB (heap committed $(jcmd "$daemon" GC.heap_info 2>/dev/null | awk '/total/{print $0; exit}' | sed 's/^ *//'))"

