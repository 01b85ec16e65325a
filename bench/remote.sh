#!/usr/bin/env bash
# Remote repositories over http (issue 13), side by side in ONE run, nginx on 127.0.0.1:
#   lazy   first read of a 100 MB file in a runtime of `serve --remote http://...` (empty cache)
#          against `curl -o FILE` of the same payload from the same nginx        (target <= 1.5x)
#   pull   `spfsd pull` of a 5,000-file layer into an empty repository
#          against fetching the same 5,000 payloads with curl, 8 at a time         (target <= 1.5x)
#          on this machine's disk, and both into a tmpfs
#   cached stat, readdir and read in a runtime of `serve --remote` whose payloads are all cached,
#          against the same runtime from a local daemon, bench/latency.c      (within 5%)
# Needs root, /dev/fuse, nginx, curl.   Usage: bench/remote.sh  (RUNS=3)
set -euo pipefail
. "$(dirname "$0")/common.sh"
RUNS=${RUNS:-3}
"$spfsd" dev build >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$W/www" "$W/nginx/logs"
cat > "$W/nginx/nginx.conf" <<CONF
user root; worker_processes 2; pid $W/nginx/nginx.pid; error_log $W/nginx/logs/error.log;
events { worker_connections 256; }
http { access_log off; sendfile on; client_body_temp_path $W/nginx/body; client_max_body_size 0;
  server { listen 127.0.0.1:$port; root $W/www; dav_methods PUT; create_full_put_path on; } }
CONF
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -g 'daemon off;' & pids+=($!)
url="http://127.0.0.1:$port/"
for _ in $(seq 100); do curl -s -o /dev/null "$url" && break; sleep 0.05; done

# Fixtures, pushed to the web root (a file push into nginx's root: what a CI job would upload)
mkdir -p "$W/big" "$W/many"
head -c 100000000 /dev/urandom > "$W/big/big.bin"
for i in $(seq 1 5000); do head -c $((RANDOM % 4096 + 64)) /dev/urandom > "$W/many/f$i"; done
export SPFSD_REPO="$W/origin"
"$spfsd" commit -q "$W/big" -t big >/dev/null
"$spfsd" commit -q "$W/many" -t many >/dev/null
"$spfsd" push -q big many --remote "file://$W/www"
big_payload=$(find "$W/www/payloads" -size +90M | head -1 | sed "s|$W/www/||")

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

# lazy: a fresh daemon with an empty cache each round
lazy=() curl_big=()
for r in $(seq 1 "$RUNS"); do
  # timed as the lazy read is, by bash's time around the one command (secs would add the cost of
  # starting date and bc to curl's side only)
  curl_big+=("$(bash -c 'TIMEFORMAT=%R; { time curl -s -o "$0" "$1"; } 2>&1' "$W/download.bin" "$url$big_payload")")
  export SPFSD_REPO="$W/cache$r" SPFSD_SOCKET="$W/lazy$r.sock" SPFSD_MOUNTPOINT="$W/lazy$r"
  "$spfsd" serve --remote "$url" 2>"$W/lazy$r.log" & pids+=($!)
  wait_for_socket "$SPFSD_SOCKET"
  lazy+=("$("$spfsd" run big -- bash -c 'TIMEFORMAT=%R; { time cat "$SPFSD_MOUNTPOINT/big.bin" >/dev/null; } 2>&1')")
done

# pull against curl x8 of the same payloads: on this machine's disk, and on a tmpfs, where
# the same 5,000 creates do not vary with what ext4 freed before (curl's own time on the disk
# has ranged over 0.6-3.7 s)
pull=() curl_many=() pull_tmpfs=() curl_tmpfs=()
find "$W/origin/payloads" -type f | sed "s|$W/origin/||" > "$W/many.list"
mkdir -p "$W/tmpfs" && mount -t tmpfs -o size=1g tmpfs "$W/tmpfs"
for r in $(seq 1 "$RUNS"); do
  for dir in "$W" "$W/tmpfs"; do
    sync # what earlier steps wrote is not this measurement's to flush (pull ends with a syncfs)
    # into a new directory each time, as the pull creates every file anew
    c=$(secs sh -c "sed 's|^|$url|' '$W/many.list' | xargs -P8 -n50 curl -s --output-dir '$dir/curled$r' --create-dirs --remote-name-all")
    sync
    p=$(SPFSD_REPO="$dir/pulled$r" secs "$spfsd" pull -q many --remote "$url")
    if [ "$dir" = "$W" ]; then curl_many+=("$c") pull+=("$p"); else curl_tmpfs+=("$c") pull_tmpfs+=("$p"); fi
  done
  rm -rf "$W/tmpfs/curled$r" "$W/tmpfs/pulled$r"
done

# cached: a lazy daemon whose cache holds everything "many" needs, against a local daemon
cc -O2 -o "$W/latency" "$(dirname "$0")/latency.c"
export SPFSD_REPO="$W/cache1" SPFSD_SOCKET="$W/lazy1.sock" SPFSD_MOUNTPOINT="$W/lazy1"
"$spfsd" run many -- sh -c 'cat "$SPFSD_MOUNTPOINT"/* > /dev/null' # every payload fetched once
export SPFSD_REPO="$W/origin" SPFSD_SOCKET="$W/local.sock" SPFSD_MOUNTPOINT="$W/local"
"$spfsd" serve 2>"$W/local.log" & pids+=($!)
wait_for_socket "$SPFSD_SOCKET"
"$spfsd" run many -- sh -c 'cat "$SPFSD_MOUNTPOINT"/* > /dev/null' # the same warm-up as the lazy one had
# Two clients, one in a runtime of each daemon, take turns through two FIFOs: a sample (means
# over 100 of each operation) from one, then one from the other, RUNS*20 times each. Samples
# of the two sides are never more than a fraction of a second apart, so the drifts of this
# shared machine's load fall on both alike (whole runs of 1,000 in turn spread +-30 %).
mkfifo "$W/turn.lazy" "$W/turn.local"
turns=$((RUNS * 20))
# taker SIDE NEXT: waits for its turn, samples, hands the turn on
cat > "$W/taker.sh" <<'SH'
#!/bin/bash
side=$1 next=$2 W=$3 turns=$4
for _ in $(seq 1 "$turns"); do
  read -r _ < "$W/turn.$side"
  "$W/latency" "$SPFSD_MOUNTPOINT/f1" "$SPFSD_MOUNTPOINT" 100 >> "$W/samples.$side"
  echo go > "$W/turn.$next"
done
SH
chmod +x "$W/taker.sh"
SPFSD_REPO="$W/cache1" SPFSD_SOCKET="$W/lazy1.sock" "$spfsd" run many -- "$W/taker.sh" lazy local "$W" "$turns" &
lazy_taker=$!
SPFSD_REPO="$W/origin" SPFSD_SOCKET="$W/local.sock" "$spfsd" run many -- "$W/taker.sh" local lazy "$W" "$turns" &
local_taker=$!
echo go > "$W/turn.lazy"
wait "$lazy_taker"
read -r _ < "$W/turn.lazy" # the last hand-over, which nobody takes
wait "$local_taker"
mapfile -t cached < "$W/samples.lazy"
mapfile -t local < "$W/samples.local"
col() { local i=$1; shift; median $(printf '%s\n' "$@" | awk -v i="$i" '{print $i}'); }

l=$(median "${lazy[@]}"); cb=$(median "${curl_big[@]}"); p=$(median "${pull[@]}"); cm=$(median "${curl_many[@]}")
pt=$(median "${pull_tmpfs[@]}"); ct=$(median "${curl_tmpfs[@]}")
echo "| what | spfsd | curl | ratio | target |"
echo "|---|---|---|---|---|"
printf '| lazy first read, 100 MB over http | %.3f s | %.3f s | %.2fx | <= 1.5x |\n' "$l" "$cb" "$(echo "$l / $cb" | bc -l)"
printf '| pull, 5,000-file layer | %.3f s | %.3f s (x8) | %.2fx | <= 1.5x |\n' "$p" "$cm" "$(echo "$p / $cm" | bc -l)"
printf '| pull, the same, both into a tmpfs | %.3f s | %.3f s (x8) | %.2fx | <= 1.5x |\n' "$pt" "$ct" "$(echo "$pt / $ct" | bc -l)"
echo
echo "| cached runtime, 5,000-file directory | lazy daemon | local daemon | ratio | target |"
echo "|---|---|---|---|---|"
for i in 1 2 3; do
  name=$(echo "stat readdir-5000 open+read" | cut -d' ' -f$i)
  c=$(col "$i" "${cached[@]}"); o=$(col "$i" "${local[@]}")
  printf '| %s | %.1f us | %.1f us | %.2fx | within 5%% |\n' "$name" "$c" "$o" "$(echo "$c / $o" | bc -l)"
done
