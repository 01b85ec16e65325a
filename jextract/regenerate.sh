#!/usr/bin/env bash
# Regenerates the committed Panama bindings from the C headers. Never edit the output by hand.
#
# Needs: JEXTRACT pointing at a jextract launcher, libfuse3-dev and libclang headers.
# jextract is in no package registry: build it locally from its public source
# (openjdk/jextract, tested at commit f9866df, compiled with javac 25 against Debian 12's
# libclang 14) and never commit it. The committed sources were produced with exactly that.
# Without its Gradle build (which downloads a toolchain), the steps that worked here:
#   javac -d OUT --module-source-path org.openjdk.jextract=JEXTRACT_SRC/src/main/java -m org.openjdk.jextract
#   ln -s /usr/lib/llvm-14/lib/libclang.so.1 LIBDIR/libclang.so     (Debian: libclang1-14)
#   JEXTRACT = a script running: java --enable-native-access=org.openjdk.jextract
#              -Djava.library.path=LIBDIR -p OUT -m org.openjdk.jextract/org.openjdk.jextract.JextractTool "$@"
#
#   JEXTRACT=/path/to/jextract jextract/regenerate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
: "${JEXTRACT:?set JEXTRACT to a jextract launcher (see the comment at the top of this script)}"
clang_inc=${CLANG_INCLUDE:-$(ls -d /usr/lib/llvm-*/lib/clang/*/include 2>/dev/null | sort -V | tail -1)}
[ -d "$clang_inc" ] || { echo "regenerate.sh: no clang builtin include dir; set CLANG_INCLUDE" >&2; exit 1; }

out="$root/src/main/java"
rm -rf "$out/io/spfsd/bindings/fuse3"
"$JEXTRACT" -I "$clang_inc" --output "$out" @"$here/fuse3.args" "$here/fuse3.h"
echo "regenerated: $(find "$out/io/spfsd/bindings/fuse3" -name '*.java' | wc -l) files in io.spfsd.bindings.fuse3"
