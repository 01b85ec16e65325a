#!/usr/bin/env bash
# POSIX conformance: pjdfstest run in an editable runtime of the empty env, in an editable
# runtime inside a directory that comes from the stack, and on libfuse's passthrough_ll over a
# plain directory, then compared subtest by subtest.
# pjdfstest is not part of this project: build it yourself and point PJDFSTEST at it
#   git clone https://github.com/pjd/pjdfstest && cd pjdfstest && autoreconf -ifs && ./configure && make
# Needs root, /dev/fuse, prove (perl), cc, libfuse3-dev.
# Usage: PJDFSTEST=/path/to/pjdfstest bench/posix.sh   (about 3 minutes per target)
set -euo pipefail
. "$(dirname "$0")/common.sh"
: "${PJDFSTEST:?set PJDFSTEST to a built pjdfstest checkout}"
[ -x "$PJDFSTEST/pjdfstest" ] || { echo "bench: no pjdfstest binary in $PJDFSTEST (build it first)" >&2; exit 1; }
examples=/usr/share/doc/libfuse3-dev/examples
"$spfsd" dev build >/dev/null
cc -O2 -o "$W/passthrough_ll" -I"$examples" "$examples/passthrough_ll.c" $(pkg-config fuse3 --cflags --libs)

mkdir -p "$W/pt-src" "$W/pt"
"$W/passthrough_ll" -f -o source="$W/pt-src" "$W/pt" 2>"$W/pt.log" & pids+=($!)
for _ in $(seq 50); do grep -q " $W/pt " /proc/mounts && break; sleep 0.1; done
(cd "$W/pt" && prove -r "$PJDFSTEST/tests" > "$W/passthrough.txt" 2>&1) || true

export SPFSD_REPO="$W/repo" SPFSD_SOCKET="$W/run/spfsd.sock" SPFSD_MOUNTPOINT="$W/mnt"
"$spfsd" serve 2>"$W/spfsd.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"
"$spfsd" run -e - -- sh -c 'cd "$SPFSD_MOUNTPOINT" && prove -r "$0/tests"' "$PJDFSTEST" > "$W/spfsd.txt" 2>&1 || true
# the same inside a directory of the stack (copied up on the first change), over a layer with files beside it
mkdir -p "$W/lower/work/sub" && echo x > "$W/lower/work/sub/f" && echo y > "$W/lower/work/g" && chmod 0777 "$W/lower/work"
"$spfsd" commit -q "$W/lower" -t lower >/dev/null
"$spfsd" run -e lower -- sh -c 'cd "$SPFSD_MOUNTPOINT/work" && prove -r "$0/tests"' "$PJDFSTEST" \
  > "$W/spfsd-lower.txt" 2>&1 || true

python3 - "$W/passthrough.txt" "$W/spfsd.txt" "$W/spfsd-lower.txt" <<'PY'
import re, sys

def failed(path):
    """{test file: set of failed subtest numbers} from prove's summary."""
    text = open(path).read()
    out, current = {}, None
    for line in text.split('Test Summary Report')[-1].splitlines() if 'Test Summary Report' in text else []:
        m = re.match(r'^\S*/tests/(\S+\.t)\s+\(Wstat', line)
        if m:
            current = m.group(1)
            out[current] = set()
            continue
        m = re.match(r'^\s+Failed tests?:\s+(.*)', line)
        if m and current:
            for part in m.group(1).replace(' ', '').split(','):
                lo, _, hi = part.partition('-')
                out[current].update(range(int(lo), int(hi or lo) + 1))
    return out

pt, sp, low = failed(sys.argv[1]), failed(sys.argv[2]), failed(sys.argv[3])
for path in sys.argv[1:4]:  # a target that did not run at all would show no failure: say what each ran
    ran = [l for l in open(path).read().splitlines() if l.startswith(("Files=", "Result:"))]
    print(f"{path.rsplit('/', 1)[-1]}: {' '.join(ran) or 'DID NOT RUN'}")
count = lambda r: sum(len(v) for v in r.values())
print(f"passthrough_ll: {count(pt)} failed subtests in {sum(1 for v in pt.values() if v)} files")
print(f"spfsd:          {count(sp)} failed subtests in {sum(1 for v in sp.values() if v)} files")
print(f"spfsd, in a directory of the stack: {count(low)} failed subtests in {sum(1 for v in low.values() if v)} files")
for f in sorted(low):
    if low[f]:
        print(f"  {f} {','.join(map(str, sorted(low[f])))}")
for title, a, b in (("spfsd fails, passthrough_ll passes:", sp, pt), ("passthrough_ll fails, spfsd passes:", pt, sp)):
    print(title)
    for f in sorted(a):
        only = sorted(a[f] - b.get(f, set()))
        if only:
            print(f"  {f} {','.join(map(str, only))}")
PY
