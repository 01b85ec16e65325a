#!/usr/bin/env bash
# Compares the native layouts spfsd uses (spfsd doctor --layouts) with a C compiler's, from
# the real headers: every struct size, field offset and field width becomes a _Static_assert,
# and compiling is the check. Not run by CI (it needs the target's headers); run it when
# changing a layout, and on the platforms below.
#
#   jextract/check-layouts.sh linux-x86_64                  host cc, the host's headers
#   jextract/check-layouts.sh linux-aarch64                 clang-14 with libc6-dev-arm64-cross
#   SDKROOT=/path/to/MacOSX.sdk jextract/check-layouts.sh macos-arm64   (or macos-x86_64)
#     clang cross-targeting macOS against an SDK (never committed: Apple's headers stay out of
#     this repository). fuse_entry_param also needs macFUSE's headers: FUSE_INCLUDE=DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
platform=${1:?usage: jextract/check-layouts.sh PLATFORM}
json=$("$here/../bin/spfsd" doctor --layouts --platform "$platform" --json)

fuse_include=${FUSE_INCLUDE:-/usr/include/fuse3}
case "$platform" in
  linux-x86_64) cc=(cc) ;;
  linux-aarch64) cc=(clang-14 --target=aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include) ;;
  macos-arm64|macos-x86_64)
    : "${SDKROOT:?set SDKROOT to a macOS SDK}"
    arch=${platform#macos-}; [ "$arch" = x86_64 ] || arch=arm64
    cc=(clang-14 --target="$arch-apple-macos11" -isysroot "$SDKROOT")
    ;;
  *) echo "check-layouts: unknown platform $platform" >&2; exit 2 ;;
esac

src=$(mktemp --suffix=.c); trap 'rm -f "$src"' EXIT
{
  echo '#define FUSE_USE_VERSION 314'
  echo '#include <stddef.h>'
  echo '#include <sys/stat.h>'
  echo '#include <sys/statvfs.h>'
  case "$platform" in macos-*)
    echo '#include <sys/types.h>'; echo '#include <sys/event.h>'; echo '#include <sys/sysctl.h>'
    echo '#include <libproc.h>'; echo '#include <time.h>' ;;
  esac
  [ -e "$fuse_include/fuse_lowlevel.h" ] && echo '#include <fuse_lowlevel.h>'
  # one assert per struct size and per field offset
  # libfuse's structs (fuse_*, libfuse_version) only where its header is there; a size only
  # where spfsd depends on it (null: libfuse allocates the struct and passes a pointer)
  jq -r --arg fuse "$([ -e "$fuse_include/fuse_lowlevel.h" ] && echo yes)" '
    .structs | to_entries[] |
    select(((.key | startswith("fuse_")) or .key == "libfuse_version" | not) or $fuse == "yes") |
    .key as $s | "struct \($s)" as $t |
    (if $s == "libfuse_version" then "#if FUSE_MINOR_VERSION >= 17" else empty end),
    (if .value.size == null then empty
     else "_Static_assert(sizeof(\($t)) == \(.value.size), \"\($s) size\");" end),
    (.value.fields | to_entries[] |
      "_Static_assert(offsetof(\($t), \(.key)) == \(.value), \"\($s).\(.key) offset\");"),
    (if $s == "libfuse_version" then "#endif" else empty end)' <<<"$json"
} > "$src"
"${cc[@]}" -I "$fuse_include" -fsyntax-only -Wno-everything "$src" 2>&1 | grep -E "error|static assertion" || true
if "${cc[@]}" -I "$fuse_include" -fsyntax-only "$src" 2>/dev/null; then
  echo "check-layouts: $platform: $(grep -c _Static_assert "$src") sizes and offsets agree with the headers"
else
  echo "check-layouts: $platform: the compiler disagrees (above)" >&2
  exit 1
fi
