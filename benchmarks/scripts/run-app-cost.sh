#!/usr/bin/env bash
# Reruns the tables of "What a capture costs the application" (benchmarks/README.md): the application's latency while
# polled, the distance to the floor and scale, and the chunked safepoint pauses, appending every run's raw output
# (with the load average before and after) to benchmarks/results/. Build first:
#   ./mvnw -B -P benchmarks -pl benchmarks -am package -DskipTests
# Usage: benchmarks/scripts/run-app-cost.sh [runs=3] [what=latency,cost,safepoints,live-heap]
# (JAR=… another build, FIRST_RUN=n numbers the runs from n, JAVA17=… and JAVA25=… other JDKs)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
what=${2:-latency,cost,safepoints,live-heap}
jar=${JAR:-benchmarks/target/benchmarks.jar}
j17=${JAVA17:-/usr/bin/java}
j25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=benchmarks/results

run() { # file, then the benchmark's class and options
  local file=$1; shift
  { echo; echo "### run $r, $(date -u +%FT%TZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$jar" "io.github.stacktrace.benchmarks.$@" || echo "### FAILED with exit code $?"
    echo "### load average after: $(cut -d' ' -f1-3 /proc/loadavg)"; } >> "$out/$file" 2>&1
}

for r in $(seq "${FIRST_RUN:-1}" $(( ${FIRST_RUN:-1} + runs - 1 ))); do
  if [[ $what == *latency* ]]; then
    run app-latency-2000-jdk17.txt AppLatencyBenchmark --java "$j17" --threads 2000 --rate 200 --phase-seconds 30
    run app-latency-2000-jdk25.txt AppLatencyBenchmark --java "$j25" --threads 2000 --rate 200 --phase-seconds 30
  fi
  if [[ $what == *cost* ]]; then
    run capture-cost-jdk17.txt CaptureCostBenchmark --java "$j17" --threads 1000,5000,10000 --warmup 2 --rounds 3
    run capture-cost-jdk25.txt CaptureCostBenchmark --java "$j25" --threads 1000,5000,10000 --warmup 2 --rounds 3
  fi
  if [[ $what == *safepoints* ]]; then
    for cfg in "jdk17 fast $j17" "jdk17 full $j17" "jdk25 full $j25"; do
      set -- $cfg
      run "safepoint-2000-$1-$2-sizer.txt" SafepointPauseBenchmark --java "$3" --threads 2000 --mode "$2" \
        --max-pause 5ms,1s --warmup 5 --requests 10
    done
  fi
  if [[ $what == *live-heap* ]]; then
    run app-latency-2000-jdk17-live2g.txt AppLatencyBenchmark --java "$j17" --threads 2000 --rate 200 --phase-seconds 30 --live-heap 2g
    run app-latency-2000-jdk25-live2g.txt AppLatencyBenchmark --java "$j25" --threads 2000 --rate 200 --phase-seconds 30 --live-heap 2g
  fi
done
