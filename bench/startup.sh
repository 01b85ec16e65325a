#!/usr/bin/env bash
# Start-up of the CLI, side by side in one run (issue 11's targets): `java -version`, `spfsd
# --version`, `spfsd status` and `spfsd run REF -- true` against a running daemon. Each is
# the median of N runs (default 15); ratios are to `java -version` of the same JDK.
#   bench/startup.sh [N]
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-15}
"$spfsd" --version >/dev/null   # builds the jar (and the AOT cache) if needed
java=$(sed -n 's/^JAVA_HOME=//p' <(JAVA_HOME= bash -c "source '$spfsd'; find_jdk | sed 's/^/JAVA_HOME=/'"))/bin/java

export SPFSD_REPO=$W/repo SPFSD_SOCKET=$W/spfsd.sock
mkdir -p "$W/src" "$W/mnt" && echo hi > "$W/src/f"
"$spfsd" commit "$W/src" -t bench >/dev/null
"$spfsd" serve --mountpoint "$W/mnt" > "$W/serve.log" 2>&1 & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"

# seconds CMD...: median wall time of n runs
seconds() {
  local s=() t0 t1
  for _ in $(seq 1 "$n"); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    s+=("$(echo "$t1 - $t0" | bc -l)")
  done
  median "${s[@]}"
}
base=$(seconds "$java" -version)
report() { printf '| %s | %.3f s | %.2fx |\n' "$1" "$2" "$(echo "$2 / $base" | bc -l)"; }
# The daemon moves each runtime's root into a cgroup of its own; without cgroup2's
# favordynmods, the kernel waits for an RCU grace period on each move (~10 ms of `run`).
echo "cgroup2: $(awk '$3 == "cgroup2" {print $2 " " $4; exit}' /proc/mounts 2>/dev/null)"
echo
echo "| command | median of $n | vs java -version |"
echo "|---|---|---|"
report "java -version" "$base"
report "spfsd --version" "$(seconds "$spfsd" --version)"
report "spfsd status" "$(seconds "$spfsd" status)"
report "spfsd run bench -- true" "$(seconds "$spfsd" run bench -- true)"
report "spfsd status --json" "$(seconds "$spfsd" status --json)"
report "spfsd ls bench" "$(seconds "$spfsd" ls bench)"
