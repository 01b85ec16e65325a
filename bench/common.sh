# Sourced by the bench scripts: paths, a work directory, and a cleanup that stops what was
# started and unmounts whatever was mounted below the work directory.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(dirname "$here")
spfsd="$root/bin/spfsd"
W=$(mktemp -d "/tmp/spfsd-$(basename "${BASH_SOURCE[1]}" .sh).XXXXXX")
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  # deepest first, so a FUSE mount on a tmpfs below W goes before the tmpfs
  awk -v w="$W" '$2 ~ "^"w {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf "$W"
}
trap cleanup EXIT

# wait_for_socket PATH: until a daemon has bound it (20 s at most)
wait_for_socket() {
  for _ in $(seq 1 200); do [ -S "$1" ] && return 0; sleep 0.1; done
  echo "bench: no daemon on $1 after 20 s" >&2
  exit 1
}

# readtime FILE: seconds for one cold read (the page cache dropped first). Inside a runtime,
# pass it on with: sh -c "$(declare -f readtime); readtime FILE"
readtime() {
  sync; echo 1 > /proc/sys/vm/drop_caches
  local t0 t1; t0=$(date +%s.%N); cat "$1" > /dev/null; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

# median SAMPLES...: the middle value
median() {
  echo "$@" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}

# make_files DIR N: N small files, a thousand to a directory (DIR/d0000/f000000, ...)
make_files() {
  python3 - "$1" "$2" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
per = 1000
for i in range(n):
    d = os.path.join(root, f"d{i // per:04d}")
    if i % per == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:06d}"), "w") as f:
        f.write(str(i % 97))
PY
}

# overlay_setup SIZE: what the benches against fuse-overlayfs start with: fuse-overlayfs there,
# spfsd built, and a tmpfs of SIZE at $T for the trees, upper, work and repository.
overlay_setup() {
  command -v fuse-overlayfs >/dev/null || { echo "bench: needs fuse-overlayfs (apt-get install fuse-overlayfs)" >&2; exit 1; }
  "$spfsd" dev build >/dev/null
  mkdir -p "$W/t" && mount -t tmpfs -o size="$1" tmpfs "$W/t"
  T="$W/t"
}

# register_ms SOCKET REMOTE PID REF: registers a runtime of REF (taken from REMOTE) for PID over the
# control socket; prints the milliseconds the daemon took to answer
register_ms() {
  python3 - "$@" <<'PY'
import json, socket, sys, time
sock, remote, pid, ref = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_UNIX); s.connect(sock)
t0 = time.perf_counter()
s.sendall((json.dumps({"op": "mount", "pid": pid, "refs": [ref], "remote": remote}) + "\n").encode())
reply = json.loads(s.makefile().readline()); t1 = time.perf_counter()
assert reply["ok"], reply
print(f"{(t1 - t0) * 1000:.0f}")
PY
}
