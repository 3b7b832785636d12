#!/usr/bin/env bash
# Two nodes against one, in one invocation (PERFORMANCE.md, "The cluster"): wallet payments per
# second through the balancer with every node of a running cluster, then with node 2 stopped,
# then with it back; each with the CPU the servers spent per payment (user + system time of the
# balancer's and the nodes' JVMs, from /proc, over the measured seconds only).
#
#   cluster/cluster.sh start
#   mvn -pl bench -am package -DskipTests
#   cluster/bench-cluster.sh [--seconds S] [--clients C] [--rounds R]
#   cluster/bench-cluster.sh --replication [--seconds S] [--clients C] [--rounds R]
#
# --replication measures the cost of replication instead: cart adds per second through the
# balancer (LoadDriver --scenario cart: each client its own session) with the application as
# built (distributable: sessions in the replicated cache, each cart change also in the replicated
# steadfast-carts cache before its answer), against the same EAR made non-distributable (web.xml
# without <distributable/> and with the cart copy off, no distributable-web.xml), deployed to every
# node in turn in the same invocation: R rounds of both, then the original EAR again.
#
# The load is the bench module's LoadDriver (closed loop, each payment with its own
# Idempotency-Key). On a machine with 2 cores the two-node figure shows the cluster's overhead,
# not scaling: both nodes, the balancer, PostgreSQL and the driver share the same cores.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
dir=${STEADFAST_CLUSTER_DIR:-$here/target/cluster}
seconds=20 clients=16 rounds=2 replication=false
while (($#)); do
    case $1 in
        --replication) replication=true; shift ;;
        --seconds) seconds=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "bench-cluster: unknown option $1 ([--replication] [--seconds S] [--clients C] [--rounds R])" >&2; exit 2 ;;
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
        --clients "$clients" --seconds "$seconds" --warmup 0 --out "$out" >/dev/null 2>&1
    after=$(cpu)
    payments=$(grep -o '[0-9,]* requests' "$out" | head -1 | tr -d ', requests')
    rate=$(grep -o '= [0-9,.]* req/s' "$out" | head -1 | tr -d '=, req/s')
    cpu_s=$(awk -v t=$((after - before)) -v hz="$ticks" 'BEGIN { printf "%.2f", t / hz }')
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$rate" "$payments" "$cpu_s" \
        "$(awk -v c="$cpu_s" -v n="$payments" 'BEGIN { if (n > 0) printf "%.2f", c * 1000 / n; else print "-" }')"
    rm -f "$out"
}

# The EAR as built, made non-distributable: the replication benchmark's baseline.
non_distributable_ear() {
    local out=$1 work
    work=$(mktemp -d)
    mkdir -p "$work/ear" "$work/war"
    (cd "$work/ear" && jar xf "$here/target/steadfast.ear")
    (cd "$work/war" && jar xf "$work/ear/steadfast-web.war")
    grep -q '<distributable/>' "$work/war/WEB-INF/web.xml" || { echo "bench-cluster: web.xml has no <distributable/>" >&2; exit 1; }
    sed -i -e 's#<distributable/>##' \
        -e '/<param-name>steadfast.cart.synchronous-copy<\/param-name>/{n;s#<param-value>true</param-value>#<param-value>false</param-value>#}' \
        "$work/war/WEB-INF/web.xml"
    grep -q '<param-value>false</param-value>' "$work/war/WEB-INF/web.xml" || { echo "bench-cluster: could not turn the cart copy off" >&2; exit 1; }
    rm -f "$work/war/WEB-INF/distributable-web.xml"
    rm "$work/ear/steadfast-web.war"
    (cd "$work/war" && jar --create --no-manifest --file "$work/ear/steadfast-web.war" .)
    (cd "$work/ear" && jar --create --no-manifest --file "$out" .)
    rm -rf "$work"
}

# Puts an EAR on every node (the deployment scanner redeploys it) and waits until each has deployed
# it and the balancer serves the cart again.
deploy_everywhere() {
    local ear=$1 f k deadline
    for f in "$dir"/node-*/deployments; do
        cp "$ear" "$f/steadfast.ear.tmp"
        touch -d '1 second' "$f/steadfast.ear.tmp"
        mv "$f/steadfast.ear.tmp" "$f/steadfast.ear"
    done
    deadline=$((SECONDS + 180))
    for f in "$dir"/node-*/deployments; do
        # The scanner gives the marker the archive's time, in whole milliseconds: compare seconds.
        until [[ -f $f/steadfast.ear.deployed && $(stat -c %Y "$f/steadfast.ear.deployed") -ge $(stat -c %Y "$f/steadfast.ear") ]]; do
            [[ -f $f/steadfast.ear.failed ]] && { echo "bench-cluster: $f: the deployment failed: $(cat "$f/steadfast.ear.failed")" >&2; exit 1; }
            ((SECONDS < deadline)) || { echo "bench-cluster: $f did not redeploy within 180 s" >&2; exit 1; }
            sleep 0.5 # polling the deployment scanner's marker, with a deadline
        done
    done
    for k in $(seq 1 "$(cat "$dir/nodes")"); do
        until curl -fs -o /dev/null "http://127.0.0.1:$((8080 + 100 * k))/api/v1/cart"; do
            ((SECONDS < deadline)) || { echo "bench-cluster: node-$k does not serve the cart after its redeployment" >&2; exit 1; }
            sleep 0.5 # polling the node, with a deadline
        done
    done
}

cart_run() {
    local label=$1 out rate
    out=$(mktemp)
    java -cp "$jar" io.steadfast.bench.LoadDriver --scenario cart --url http://127.0.0.1:8080/api/v1/cart/items \
        --clients "$clients" --seconds 15 --warmup 0 >/dev/null 2>&1 || true # warm up: a redeployed application is compiled again by the JIT
    java -cp "$jar" io.steadfast.bench.LoadDriver --scenario cart --url http://127.0.0.1:8080/api/v1/cart/items \
        --clients "$clients" --seconds "$seconds" --warmup 0 --out "$out" >/dev/null 2>&1
    rate=$(grep -o '= [0-9,.]* req/s' "$out" | head -1 | tr -d '=, req/s')
    printf '| %s | %s | %s |\n' "$label" "$rate" "$(grep -o 'latency ms p50 [0-9.]* p90 [0-9.]* p99 [0-9.]*' "$out" | sed 's/latency ms //')"
    echo "$rate" >>"$rates.$2"
    rm -f "$out"
}

if $replication; then
    plain=$(mktemp --suffix=.ear)
    rates=$(mktemp)
    non_distributable_ear "$plain"
    deploy_everywhere "$here/target/steadfast.ear" # what an earlier, interrupted run left deployed
    echo "| application | cart adds/s | latency ms |"
    echo "| --- | --- | --- |"
    for ((r = 1; r <= rounds; r++)); do
        cart_run "distributable (round $r)" a
        deploy_everywhere "$plain"
        cart_run "not distributable (round $r)" b
        deploy_everywhere "$here/target/steadfast.ear"
    done
    awk 'FNR == NR { a += $1; na++; next } { b += $1; nb++ } END {
        printf "\ndistributable against not distributable: %.2fx (mean of %d rounds each)\n", (a / na) / (b / nb), na }' "$rates.a" "$rates.b"
    rm -f "$plain" "$rates" "$rates.a" "$rates.b"
    exit 0
fi

echo "| servers | payments/s | payments | server CPU s | CPU ms per payment |"
echo "| --- | --- | --- | --- | --- |"
for ((r = 1; r <= rounds; r++)); do
    run "2 nodes + balancer (round $r)"
    "$here/cluster.sh" stop-node 2 >/dev/null
    run "1 node + balancer (round $r)"
    "$here/cluster.sh" start-node 2 >/dev/null
done
