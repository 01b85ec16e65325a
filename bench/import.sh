#!/usr/bin/env bash
# Import speed (issue 11's targets), side by side in one run, page cache warm for all:
#   hash   find DIR -type f -print0 | xargs -0 -P$(nproc) sha256sum      (the bar)
#   commit spfsd commit DIR into an empty repository                    (target <= 1.2x hash)
#   again  spfsd commit DIR again, nothing changed                       (target <= 0.5x hash)
#   copy   cp -r DIR and sync: the floor of any commit that stores the bytes
#   and commit and cp -r into a tmpfs, where the disk's writeback cannot decide, and into a
#   journaled ext4 on a loop device
# and commit's peak RSS. Default DIR: /usr/share.
#   bench/import.sh [DIR]        (root: it mounts the tmpfs and the loop device)
set -euo pipefail
source "$(dirname "$0")/common.sh"
dir=${1:-/usr/share}
"$spfsd" --version >/dev/null
mkdir -p "$W/warm" && echo hi >"$W/warm/f" && SPFSD_REPO="$W/warm-repo" "$spfsd" commit -q "$W/warm" >/dev/null # commit's start-up cache, made before anything is timed
export SPFSD_REPO=$W/repo

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
files=$(find "$dir" -type f | wc -l); size=$(du -sh "$dir" | cut -f1)
hashall() { find "$dir" -type f -print0 | xargs -0 -P"$(nproc)" sha256sum; }
hashall >/dev/null 2>&1 || true   # warm the page cache
hash=$(secs hashall)
sync
commit=$(secs /usr/bin/time -f %M -o "$W/rss" "$spfsd" commit "$dir")
rss=$(cat "$W/rss")
sync # each step starts on a quiet disk, as the first commit does: not in the middle of the last one's writeback
again=$(secs "$spfsd" commit "$dir")
# Last: deleting the copy keeps the disk busy for a while, which the commits must not meet.
copy=$(secs sh -c "cp -r '$dir' '$W/copy' && sync")   # what storing the bytes durably costs, at least
rm -rf "$W/copy"
# The same two into memory (a tmpfs), where this disk's writeback cannot decide: what commit's
# own work costs against a copy's.
mkdir -p "$W/mem" && mount -t tmpfs -o size=4g tmpfs "$W/mem"
commit_mem=$(SPFSD_REPO=$W/mem/repo secs "$spfsd" commit "$dir"); rm -rf "$W/mem/repo"
copy_mem=$(secs cp -r "$dir" "$W/mem/copy"); rm -rf "$W/mem/copy"
umount "$W/mem"
# And into a journaled ext4 on a loop device (a file on this machine's disk), as most disks
# are formatted: this machine's root is ext4 without a journal, whose inode allocator slows
# down for a while after a large delete (docs/performance.md, "The first commit's copies").
truncate -s 4g "$W/ext4.img" && mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$W/ext4.img"
mkdir -p "$W/e4" && mount -o loop "$W/ext4.img" "$W/e4"
sync
commit_e4=$(SPFSD_REPO=$W/e4/repo secs "$spfsd" commit "$dir")
sync
copy_e4=$(secs sh -c "cp -r '$dir' '$W/e4/copy' && sync -f '$W/e4'")
umount "$W/e4"
echo "| $dir ($files files, $size) | seconds | vs hash |"
echo "|---|---|---|"
printf '| sha256sum, %d processes | %.2f | 1.00x |\n' "$(nproc)" "$hash"
printf '| cp -r and sync (a durable copy, no hashing) | %.2f | %.2fx |\n' "$copy" "$(echo "$copy / $hash" | bc -l)"
printf '| spfsd commit, empty repository | %.2f | %.2fx |\n' "$commit" "$(echo "$commit / $hash" | bc -l)"
printf '| spfsd commit again, unchanged | %.2f | %.2fx |\n' "$again" "$(echo "$again / $hash" | bc -l)"
printf '| cp -r into a tmpfs | %.2f | %.2fx |\n' "$copy_mem" "$(echo "$copy_mem / $hash" | bc -l)"
printf '| spfsd commit into a tmpfs repository | %.2f | %.2fx (%.2fx of the copy) |\n' "$commit_mem" \
  "$(echo "$commit_mem / $hash" | bc -l)" "$(echo "$commit_mem / $copy_mem" | bc -l)"
printf '| cp -r and sync into a journaled ext4 (loop device) | %.2f | %.2fx |\n' "$copy_e4" "$(echo "$copy_e4 / $hash" | bc -l)"
printf '| spfsd commit into a journaled ext4 repository | %.2f | %.2fx (%.2fx of the copy) |\n' "$commit_e4" \
  "$(echo "$commit_e4 / $hash" | bc -l)" "$(echo "$commit_e4 / $copy_e4" | bc -l)"
printf '\ncommit peak RSS: %d MiB\n' $((rss / 1024))
