#!/usr/bin/env bash
# Two nodes against one, in one invocation (PERFORMANCE.md, "The cluster"): wallet payments per
# second through the balancer with every node of a running cluster, then with node 2 stopped,
# then with it back; each with the CPU the servers spent per payment (user + system time of the
# balancer's and the nodes' JVMs, from /proc, over the measured seconds only).
#
#   cluster/cluster.sh start
#   mvn -pl bench -am package -DskipTests
#   cluster/bench-cluster.sh [--seconds S] [--clients C] [--rounds R]
#
# The load is the bench module's LoadDriver (closed loop, each payment with its own
# Idempotency-Key). On a machine with 2 cores the two-node figure shows the cluster's overhead,
# not scaling: both nodes, the balancer, PostgreSQL and the driver share the same cores.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
dir=${STEADFAST_CLUSTER_DIR:-$here/target/cluster}
seconds=20 clients=16 rounds=2
while (($#)); do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "bench-cluster: unknown option $1 ([--seconds S] [--clients C] [--rounds R])" >&2; exit 2 ;;
    esac
done
jar=$root/bench/target/benchmarks.jar
[[ -f $jar ]] || { echo "bench-cluster: no $jar: run mvn -pl bench -am package -DskipTests" >&2; exit 1; }
[[ -f $dir/nodes && $(cat "$dir/nodes") -ge 2 ]] || { echo "bench-cluster: start a cluster of 2 or more nodes first (cluster/cluster.sh start)" >&2; exit 1; }

ticks=$(getconf CLK_TCK)
pids() {
    local f
    for f in "$dir"/balancer/server.pid "$dir"/node-*/server.pid; do
        [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
    done
}
# user + system CPU seconds of the servers' JVMs so far
cpu() {
    local total=0 p
    for p in $(pids); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$total"
}

run() {
    local label=$1 before after out payments rate cpu_s
    out=$(mktemp)
    java -cp "$jar" io.steadfast.bench.LoadDriver --url http://127.0.0.1:8080/api/v1/payments --mode closed \
        --clients "$clients" --seconds 3 --warmup 0 >/dev/null 2>&1 || true # warm the path to every node
    before=$(cpu)
    java -cp "$jar" io.steadfast.bench.LoadDriver --url http://127.0.0.1:8080/api/v1/payments --mode closed \
        --clients "$clients" --seconds "$seconds" --warmup 0 --out "$out" >/dev/null
    after=$(cpu)
    payments=$(grep -o '[0-9,]* requests' "$out" | head -1 | tr -d ', requests')
    rate=$(grep -o '= [0-9,.]* req/s' "$out" | head -1 | tr -d '=, req/s')
    cpu_s=$(awk -v t=$((after - before)) -v hz="$ticks" 'BEGIN { printf "%.2f", t / hz }')
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$rate" "$payments" "$cpu_s" \
        "$(awk -v c="$cpu_s" -v n="$payments" 'BEGIN { if (n > 0) printf "%.2f", c * 1000 / n; else print "-" }')"
    rm -f "$out"
}

echo "| servers | payments/s | payments | server CPU s | CPU ms per payment |"
echo "| --- | --- | --- | --- | --- |"
for ((r = 1; r <= rounds; r++)); do
    run "2 nodes + balancer (round $r)"
    "$here/cluster.sh" stop-node 2 >/dev/null
    run "1 node + balancer (round $r)"
    "$here/cluster.sh" start-node 2 >/dev/null
done
