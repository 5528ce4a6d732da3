#!/usr/bin/env bash
# Message-passing benchmark (issue 3): one iteration of ARCHITECTURE §6 on random heterogeneous graphs, ours
# (its SIMD kernel, which needs the JVM's incubating Vector API module, and its scalar one) against scipy, EJML's
# own kernel and a naive Java loop, in the same run. Results: docs/benchmarks.md.
#
# usage: d3mas-examples/scripts/propagation-benchmark.sh [repeats]     (run from the repository root)
set -euo pipefail
repeats="${1:-5}"
here="$(cd "$(dirname "$0")" && pwd)"

if ! python3 -c 'import numpy, scipy' 2>/dev/null; then
  echo "scipy is missing: installing Debian's python3-scipy" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y python3-scipy >&2; else sudo apt-get install -y python3-scipy >&2; fi
fi

mvn -B -q -DskipTests install -pl d3mas-examples -am
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/propagation-cp.txt -pl d3mas-examples
cp="d3mas-examples/target/classes:$(cat d3mas-examples/target/propagation-cp.txt)"

# one JVM per size, so that each prints its own peak RSS; the last is a graph of the size one solve makes
for size in "500 2000 384" "10000 100000 384" "100000 1000000 384" "1000000 5000000 64"; do
  set -- $size
  echo "=== N=$1 E=$2 d=$3"
  java -Xmx12g --add-modules jdk.incubator.vector -cp "$cp" io.d3mas.examples.PropagationBenchmark \
    --nodes "$1" --edges "$2" --dim "$3" --repeats "$repeats" \
    --scipy "$here/propagation_scipy.py" --work "target/propagation-benchmark/$1"
done
