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
