#!/usr/bin/env bash
# JMH benchmarks of the routing decision (src/test/java/io/spfsd/bench). Extra arguments go
# to JMH, e.g.  bench/jmh.sh -prof gc   or   bench/jmh.sh RoutingBenchmark.hit -p depth=50
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/bench.cp)" org.openjdk.jmh.Main "${@:-RoutingBenchmark}"
