#!/usr/bin/env bash
# Checks that every symbol spfsd looks up on macOS exists where it will look: the system's
# (libSystem, libproc, CommonCrypto) against the export lists of the macOS SDK's .tbd stubs for
# the architecture, and macFUSE's libfuse3 against jextract/macfuse-libfuse3-symbols.txt (what
# was read in macFUSE's source: no libfuse3.dylib is here). Prints each symbol and where it was
# found; exits 1 if a required one is missing. Not run by CI (it needs the SDK, which is never
# committed).
#
#   SDKROOT=/path/to/MacOSX.sdk jextract/check-symbols.sh macos-arm64     (or macos-x86_64)
#
# The symbols are read from the sources: Posix.require/find, handle(...) and optionalSymbol(...)
# outside the Linux packages, the stat calls DarwinFiles binds ($INODE64 on x86_64), CommonCrypto's
# SHA-256 (NativeSha256), and the functions of jextract/fuse3.args (with fuse_session_loop_mt
# and fuse_session_new replaced by what the adapter binds on macOS: fuse_session_loop_mt_312 and
# fuse_session_new_versioned). find/optionalSymbol ones are optional: the code does without.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
platform=${1:?usage: jextract/check-symbols.sh macos-arm64|macos-x86_64}
: "${SDKROOT:?set SDKROOT to a macOS SDK}"
case "$platform" in macos-arm64) arch=arm64 ;; macos-x86_64) arch=x86_64 ;;
  *) echo "check-symbols: $platform is not a macOS platform" >&2; exit 2 ;; esac
exec python3 - "$here/.." "$SDKROOT" "$arch" <<'PY'
import os, re, sys, glob
root, sdk, arch = sys.argv[1], sys.argv[2], sys.argv[3]
src = os.path.join(root, "src/main/java/io/spfsd")
want = {}  # symbol -> (required, where in spfsd)
for path in glob.glob(src + "/**/*.java", recursive=True):
    rel = os.path.relpath(path, src)
    if rel.startswith(("os/linux/", "bindings/")):
        continue
    text = open(path).read()
    for kind, name in re.findall(r'(require|handle|find|optionalSymbol)\("([A-Za-z0-9_$]+)"', text):
        if kind == "find" and "Libfuse" in rel and name.startswith("fuse_"):
            kind = "require"  # bound by hand, needed on every libfuse spfsd supports
        req = kind in ("require", "handle")
        prev = want.get(name)
        want[name] = (req or (prev[0] if prev else False), (prev[1] + ", " if prev else "") + rel)
stat_suffix = "$INODE64" if arch == "x86_64" else ""
for call in ("lstat", "fstat"):
    want[call + stat_suffix] = (True, "os/macos/DarwinFiles.java")
for f in ("CC_SHA256_Init", "CC_SHA256_Update", "CC_SHA256_Final"):
    want[f] = (False, "os/NativeSha256.java (the Java digest otherwise)")
args = open(os.path.join(root, "jextract/fuse3.args")).read()
for f in re.findall(r"--include-function (\S+)", args):
    f = {"fuse_session_loop_mt": "fuse_session_loop_mt_312", "fuse_session_new": "fuse_session_new_versioned"}.get(f, f)
    want.setdefault(f, (True, "jextract/fuse3.args (io.spfsd.bindings.fuse3)"))
# the SDK's exports for this architecture: every tbd document's exports, re-exports included
exports = {}
for tbd in glob.glob(sdk + "/usr/lib/**/*.tbd", recursive=True):
    if not os.path.isfile(tbd):
        continue  # a link to a stub not in this SDK copy
    text = open(tbd, errors="replace").read()
    for doc in re.split(r"^--- ", text, flags=re.M):
        m = re.search(r"install-name:\s*'?([^'\n]+)", doc)
        lib = m.group(1).strip() if m else os.path.relpath(tbd, sdk)
        for block in re.finditer(r"-\s*targets:\s*\[([^\]]*)\]\s*symbols:\s*\[([^\]]*)\]", doc):
            targets = [t.strip() for t in block.group(1).split(",")]
            if arch + "-macos" not in targets:
                continue
            for s in re.findall(r"'?(_[A-Za-z0-9_$]+)'?", block.group(2)):
                exports.setdefault(s[1:], lib)
fuse = {}
for line in open(os.path.join(root, "jextract/macfuse-libfuse3-symbols.txt")):
    if line.strip() and not line.startswith("#"):
        name, where = line.split(None, 1)
        fuse[name] = "macFUSE libfuse3: " + where.strip()
missing = absent = 0
for name in sorted(want):
    required, used = want[name]
    found = fuse.get(name) if name.startswith("fuse_") else exports.get(name)
    if found:
        print(f"ok       {name:34} {found}   [{used}]")
    elif required:
        missing += 1
        print(f"MISSING  {name:34} in no export list   [{used}]")
    else:
        absent += 1
        print(f"absent   {name:34} optional: the code does without it   [{used}]")
print(f"check-symbols: macos-{arch}: {len(want) - missing - absent} of {len(want)} symbols found, {absent} optional"
      + " absent" + ("" if missing == 0 else f", {missing} required ones MISSING"))
sys.exit(1 if missing else 0)
PY
