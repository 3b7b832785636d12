#!/usr/bin/env bash
# Steadfast on a cluster of WildFly nodes on this machine, behind WildFly's own load balancer
# (README, "The cluster").
#
#   cluster/cluster.sh start [--nodes N] [--no-build]   build, start N nodes (default 2) and the
#                                                       balancer, wait until all serve, warm each
#                                                       node (warm_node below) before the balancer
#                                                       sends it requests (enable_node), print where
#   cluster/cluster.sh stop                             stop the balancer and every node cleanly
#   cluster/cluster.sh status                           what runs, and what the balancer knows
#   cluster/cluster.sh start-node K [--hold] | stop-node K | kill-node K
#                                                       one node: start it (on its own data), warm
#                                                       it and let the balancer send it requests
#                                                       (--hold: not yet), stop it cleanly, or
#                                                       kill -9 it
#   cluster/cluster.sh enable-node K                    let the balancer send node K requests
#
# Layout (STEADFAST_CLUSTER_DIR, default cluster/target/cluster):
#   node-K/     node K's server base directory: configuration, deployments (steadfast.ear, and
#               steadfast-scheduler.jar, the HA singleton that runs the scheduled tasks), data
#               (its Narayana object store), log; port offset 100*K (HTTP 8080+100K,
#               management 9990+100K), JGroups on 7600+100K, node name and transaction
#               node-identifier node-K
#   balancer/   the load balancer: HTTP on 8080 (the entry point), management on 9990, MCMP on 8090
#   common/     what every node must share: the key stores (row seals, card encryption, receipt
#               signatures), the simulated acquirer's memory (a file per node, which every
#               node reads), and the vault: vault/node-K/ is node K's, written by node K alone,
#               read by every node (a receipt is read through any node)
#   nodes       how many nodes this cluster has (written by start)
# Every node runs from one WildFly, cluster/target/wildfly-*, which `mvn package` configured with
# the scripts of standalone-config/. Data survives stop and start; delete the folder to begin
# again. The database is PostgreSQL: STEADFAST_DB_URL (default
# jdbc:postgresql://127.0.0.1:5432/steadfast), STEADFAST_DB_USER, STEADFAST_DB_PASSWORD (default
# steadfast); standalone-config/setup-postgresql.sh prepares it.
#
# Processes: each server's JVM PID is in its folder (server.pid); stop and kill-node act on those
# PIDs only, never on other processes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
dir=${STEADFAST_CLUSTER_DIR:-$here/target/cluster}
db_url=${STEADFAST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/steadfast}
db_user=${STEADFAST_DB_USER:-steadfast}
db_password=${STEADFAST_DB_PASSWORD:-steadfast}
ready_timeout=${STEADFAST_CLUSTER_READY_SECONDS:-180}

say() { echo "cluster: $*"; }
fail() { echo "cluster: $*" >&2; exit 1; }

wildfly_home() {
    local h
    h=$(ls -d "$here"/target/wildfly-* 2>/dev/null | head -1 || true)
    [[ -n $h && -x $h/bin/standalone.sh ]] || fail "no prepared WildFly under $here/target: run '$0 start' without --no-build (it runs mvn package)"
    echo "$h"
}

node_count() {
    if [[ -f $dir/nodes ]]; then cat "$dir/nodes"; else echo 2; fi
}

offset() { echo $((100 * $1)); }

members() {
    local n=$1 list="" k
    for ((k = 1; k <= n; k++)); do
        list+="${list:+,}127.0.0.1[$((7600 + $(offset "$k")))]"
    done
    echo "$list"
}

pid_of() {
    local f=$1/server.pid
    [[ -f $f ]] || return 1
    local pid
    pid=$(cat "$f")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Waits until the JVM $2 of the server in $1 has ended and its standalone.sh has removed
# server.pid, which it does once the JVM is gone (at most $3 seconds, default 30; then the file is
# removed here). A start must not begin before: the old standalone.sh removes the PID file when
# it finds its JVM's PID in it, and its check (grep) also matches a new PID that contains the old.
await_gone() {
    local base=$1 pid=$2 deadline=$((SECONDS + ${3:-30}))
    while { kill -0 "$pid" 2>/dev/null || [[ $(cat "$base/server.pid" 2>/dev/null) == "$pid" ]]; } && ((SECONDS < deadline)); do
        sleep 0.1 # polling for the process and its PID file to go, with a deadline
    done
    if [[ $(cat "$base/server.pid" 2>/dev/null) == "$pid" ]]; then
        rm -f "$base/server.pid"
    fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The HTTP status of URL (000 when nothing answers); further arguments go to curl.
http_status() {
    local url=$1
    shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}

# Node K's storefront API, bypassing the balancer.
node_api() { echo "http://127.0.0.1:$((8080 + $(offset "$1")))/api/v1"; }

# Copies the server's configuration and the deployments (each when it changed) into a node's
# folder, at every start: the nodes are configured only by the build's CLI scripts, so a rebuilt
# configuration reaches every node the next time it starts.
prepare_base() {
    local base=$1 config=$2 file
    shift 2
    local home
    home=$(wildfly_home)
    mkdir -p "$base"/{configuration,deployments,data,log}
    cp -r "$home/standalone/configuration/." "$base/configuration/"
    for file in "$@"; do
        local name
        name=$(basename "$file")
        if ! cmp -s "$file" "$base/deployments/$name"; then
            cp "$file" "$base/deployments/$name.tmp"
            mv "$base/deployments/$name.tmp" "$base/deployments/$name"
        fi
    done
}

launch() {
    local base=$1 name=$2 config=$3
    shift 3
    local home
    home=$(wildfly_home)
    if pid=$(pid_of "$base"); then
        say "$name already runs (pid $pid)"
        return 0
    fi
    local old
    old=$(cat "$base/server.pid" 2>/dev/null || true)
    if [[ $old =~ ^[0-9]+$ ]]; then
        await_gone "$base" "$old" 5 # a JVM just killed: its standalone.sh may have the file still
    fi
    rm -f "$base/server.pid"
    (
        export LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=$base/server.pid
        export JAVA_OPTS="-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true ${STEADFAST_CLUSTER_JAVA_OPTS:-}"
        unset JBOSS_HOME
        exec nohup "$home/bin/standalone.sh" -c "$config" -Djboss.server.base.dir="$base" "$@" \
            >>"$base/log/console.log" 2>&1 </dev/null
    ) &
    local deadline=$((SECONDS + 30))
    until pid_of "$base" >/dev/null; do
        ((SECONDS < deadline)) || fail "$name did not start a JVM within 30 s; see $base/log/console.log"
        sleep 0.1 # polling for the PID file, with a deadline
    done
    say "$name started (pid $(pid_of "$base")), log $base/log/server.log"
}

start_node() {
    local k=$1 n
    n=$(node_count)
    local base=$dir/node-$k off pid
    off=$(offset "$k")
    if pid=$(pid_of "$base"); then
        say "node-$k already runs (pid $pid)"
        return 0
    fi
    # steadfast-scheduler.jar: the HA singleton deployment, active on one node, that runs the
    # scheduled tasks there (steadfast.scheduler=singleton: the EAR makes no timers of its own).
    prepare_base "$base" standalone-ha.xml "$here/target/steadfast.ear" "$here/target/steadfast-scheduler.jar"
    launch "$base" "node-$k" standalone-ha.xml \
        -P="file:$root/standalone-config/properties/run.properties" \
        -Djboss.node.name="node-$k" \
        -Djboss.socket.binding.port-offset="$off" \
        -Dsteadfast.node.id="node-$k" \
        -Dsteadfast.cluster.members="$(members "$n")" \
        -Dsteadfast.cluster.join-timeout-ms=2000 \
        -Dsteadfast.cluster.auto-enable-contexts=false \
        -Dsteadfast.scheduler=singleton \
        -Dsteadfast.keystore.path="$dir/common/steadfast-keys.p12" \
        -Dsteadfast.receipts.keystore.path="$dir/common/steadfast-receipts.p12" \
        -Dsteadfast.gateway.simulated.file="$dir/common/simulated-acquirer/node-$k.log" \
        -Dsteadfast.vault.cluster-root="$dir/common/vault" -Dsteadfast.vault.dir="$dir/common/vault/node-$k" \
        -Dsteadfast.db.url="$db_url" -Dsteadfast.db.user="$db_user" -Dsteadfast.db.password="$db_password" \
        ${STEADFAST_CLUSTER_NODE_ARGS:-}
}

await_node() {
    local k=$1 off deadline last
    off=$(offset "$k")
    deadline=$((SECONDS + ready_timeout))
    while :; do
        pid_of "$dir/node-$k" >/dev/null || fail "node-$k died while starting; see $dir/node-$k/log/server.log"
        last=$(http_status "http://127.0.0.1:$((9990 + off))/health/ready")
        [[ $last == 200 ]] && break
        ((SECONDS < deadline)) || fail "node-$k was not ready within ${ready_timeout} s (last /health/ready: $last); see $dir/node-$k/log/server.log"
        sleep 0.5 # polling readiness, with a deadline
    done
    say "node-$k ready: $(node_api "$k")/ (management http://127.0.0.1:$((9990 + off)))"
}

# Warms node K before it counts as started: sessions made on each other running node are read
# through K, and sessions made on K are read through the other node. With "below", only nodes
# numbered below K count as others: `start` warms every pair of nodes once that way. A node that has never served
# a session pays, on its first, for what the JVM does only once (unmarshalling the session's classes,
# Weld's proxies, JSON-B's models, the JIT): measured, a survivor that had not served a session before
# took about 650 ms over its first request after a kill, a warmed one about 230 ms
# (PERFORMANCE.md, "Failover gap"). STEADFAST_CLUSTER_WARMUP_ROUNDS rounds (default 20; 0: none).
# The sessions it makes hold a one-line cart and expire with the session timeout.
warm_node() {
    local k=$1 only_below=${2:-} rounds=${STEADFAST_CLUSTER_WARMUP_ROUNDS:-20} n j r started peers=() jar
    [[ $rounds =~ ^[0-9]+$ ]] || fail "STEADFAST_CLUSTER_WARMUP_ROUNDS must be a whole number, got $rounds"
    ((rounds > 0)) || return 0
    n=$(node_count)
    if [[ -n $only_below ]]; then n=$((k - 1)); fi
    for ((j = 1; j <= n; j++)); do
        ((j != k)) && pid_of "$dir/node-$j" >/dev/null && peers+=("$j")
    done
    ((${#peers[@]})) || return 0
    started=$SECONDS
    jar=$(mktemp)
    for ((r = 1; r <= rounds; r++)); do
        for j in "${peers[@]}"; do
            warm_session "$jar" "$j" "$k" || { rm -f "$jar"; fail "warming node-$k: a session made on node-$j could not be read through node-$k"; }
            warm_session "$jar" "$k" "$j" || { rm -f "$jar"; fail "warming node-$k: a session made on node-$k could not be read through node-$j"; }
        done
    done
    rm -f "$jar"
    say "node-$k warmed: $rounds rounds of sessions across node-$k and ${#peers[@]} other node(s), in $((SECONDS - started)) s"
}

# Tells the balancer to send node K requests. The nodes register their contexts disabled
# (-Dsteadfast.cluster.auto-enable-contexts=false, configure-cluster-node.cli), so that no new
# session reaches a node before warm_node has run; then mod_cluster's `enable` (on the node's
# management port, with the CLI's local authentication) turns them on, and this waits until the
# balancer reports them enabled.
enable_node() {
    local k=$1 off out deadline
    off=$(offset "$k")
    out=$(JAVA_OPTS="-Xmx128m" "$(wildfly_home)/bin/jboss-cli.sh" --controller="127.0.0.1:$((9990 + off))" --connect \
        --command='/subsystem=modcluster/proxy=default:enable' 2>&1) || fail "node-$k: mod_cluster's enable failed: $out"
    deadline=$((SECONDS + ready_timeout))
    until balancer_enabled "node-$k"; do
        ((SECONDS < deadline)) || fail "the balancer does not report node-$k's contexts enabled after ${ready_timeout} s; see $dir/balancer/log/server.log"
        sleep 0.2 # polling the balancer, with a deadline
    done
    say "node-$k takes requests through the balancer"
}

# 0 when the balancer's DUMP lists NAME with at least one context, all of them enabled (status 1).
balancer_enabled() {
    local name=$1 dump id
    dump=$(curl -s --max-time 5 -X DUMP http://127.0.0.1:8090/ 2>/dev/null) || return 1
    # "node: [balancer id:node id],...,JVMRoute: NAME,...": a context line names the node by the second number
    id=$(grep -o "^node: \[[0-9]*:[0-9]*\],.*JVMRoute: $name," <<<"$dump" | sed 's/^node: \[[0-9]*:\([0-9]*\)\].*/\1/' | head -1)
    [[ -n $id ]] || return 1
    grep -q "context: [0-9]* \[[^]]*\] vhost: [0-9]* node: $id status: 1" <<<"$dump" || return 1
    ! grep -q "context: [0-9]* \[[^]]*\] vhost: [0-9]* node: $id status: [^1]" <<<"$dump"
}

# One cart session made through node A (an add) and read through node B: 0 when B answers 200.
warm_session() {
    local jar=$1 a=$2 b=$3
    : >"$jar"
    [[ $(http_status "$(node_api "$a")/cart/items" --max-time 10 -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: warm-up-$(cat /proc/sys/kernel/random/uuid)" \
        -d '{"sku":"warm-up","unitAmount":100,"quantity":1,"currency":"EUR"}') == 200 ]] || return 1
    [[ $(http_status "$(node_api "$b")/cart" --max-time 10 -c "$jar" -b "$jar") == 200 ]]
}

# The balancer's view of the nodes: mod_cluster's DUMP on its MCMP port.
balancer_nodes() {
    curl -s --max-time 5 -X DUMP http://127.0.0.1:8090/ 2>/dev/null | grep -o 'JVMRoute: [^,]*' | sed 's/JVMRoute: //' | sort | tr '\n' ' ' || true
}

await_balancer() {
    local n=$1 deadline known want="" k
    for ((k = 1; k <= n; k++)); do want+="node-$k "; done
    want=$(echo "$want" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
    deadline=$((SECONDS + ready_timeout))
    while :; do
        known=$(balancer_nodes)
        if [[ $known == "$want" ]] && [[ $(http_status http://127.0.0.1:8080/api/v1/payments?limit=1) == 200 ]]; then
            break
        fi
        ((SECONDS < deadline)) || fail "the balancer knows [${known}] rather than [${want}] after ${ready_timeout} s; see $dir/balancer/log/server.log"
        sleep 0.5 # polling the balancer, with a deadline
    done
}

cmd_start() {
    local n=2 build=1
    while (($#)); do
        case $1 in
            --nodes) n=${2:?--nodes needs a number}; shift 2 ;;
            --no-build) build=0; shift ;;
            *) fail "unknown option $1 (start [--nodes N] [--no-build])" ;;
        esac
    done
    [[ $n =~ ^[1-9]$ ]] || fail "--nodes must be from 1 to 9, got $n"
    if [[ -f $dir/nodes ]] && [[ $(cat "$dir/nodes") != "$n" ]]; then
        for ((k = 1; k <= 9; k++)); do
            if pid_of "$dir/node-$k" >/dev/null; then fail "the cluster runs with $(cat "$dir/nodes") nodes; stop it first"; fi
        done
    fi
    local ports=() k
    pid_of "$dir/balancer" >/dev/null || ports+=(8080 8090 9990)
    for ((k = 1; k <= n; k++)); do
        local off
        off=$(offset "$k")
        pid_of "$dir/node-$k" >/dev/null || ports+=($((8080 + off)) $((9990 + off)) $((7600 + off)))
    done
    for p in "${ports[@]}"; do
        port_busy "$p" && fail "port $p on 127.0.0.1 is in use (perhaps the README's run command, or a test server): stop what holds it and run again"
    done
    if ((build)); then
        say "building (mvn package -pl cluster -am -DskipTests)"
        (cd "$root" && mvn -B -q -ntp package -pl cluster -am -DskipTests) || fail "the build failed"
    fi
    [[ -f $here/target/steadfast.ear && -f $here/target/steadfast-scheduler.jar ]] ||
        fail "no $here/target/steadfast.ear or steadfast-scheduler.jar: run without --no-build"
    mkdir -p "$dir/common"
    echo "$n" >"$dir/nodes"

    pid_of "$dir/balancer" >/dev/null || prepare_base "$dir/balancer" standalone-load-balancer.xml
    launch "$dir/balancer" balancer standalone-load-balancer.xml -Djboss.node.name=balancer
    # Node 1 first: on a new cluster it creates the shared key stores and the database schema,
    # which the others then find rather than racing to create their own.
    start_node 1
    await_node 1
    enable_node 1
    for ((k = 2; k <= n; k++)); do start_node "$k"; done
    for ((k = 2; k <= n; k++)); do await_node "$k"; done
    for ((k = 2; k <= n; k++)); do warm_node "$k" below; enable_node "$k"; done
    await_balancer "$n"
    say "all $n nodes serve through the balancer"
    say "  storefront API: http://127.0.0.1:8080/api/v1/   (try: curl -c /tmp/jar -b /tmp/jar http://127.0.0.1:8080/api/v1/cart)"
    say "  admin console:  http://127.0.0.1:8080/admin/    (operators as for the run command)"
    say "  balancer:       curl -X DUMP http://127.0.0.1:8090/   (the nodes it knows)"
    say "  stop:           $0 stop"
}

# SIGTERM to the JVM (WildFly's graceful shutdown), SIGKILL if it takes longer than 60 s.
stop_server() {
    local base=$1 name=$2 pid deadline
    pid=$(pid_of "$base") || { rm -f "$base/server.pid"; return 0; }
    kill -TERM "$pid"
    deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            say "$name (pid $pid) did not stop within 60 s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        sleep 0.2 # polling for the process to end, with a deadline
    done
    await_gone "$base" "$pid"
    say "$name stopped"
}

cmd_stop() {
    local k
    [[ -d $dir ]] || { say "nothing to stop ($dir does not exist)"; return 0; }
    stop_server "$dir/balancer" balancer
    for ((k = 1; k <= 9; k++)); do
        [[ -d $dir/node-$k ]] && stop_server "$dir/node-$k" "node-$k"
    done
    return 0
}

cmd_status() {
    local k pid
    for name in balancer $(for ((k = 1; k <= 9; k++)); do [[ -d $dir/node-$k ]] && echo "node-$k"; done); do
        if pid=$(pid_of "$dir/$name"); then
            if [[ $name == balancer ]]; then
                say "$name runs (pid $pid)"
            elif balancer_enabled "$name"; then
                say "$name runs (pid $pid) and takes requests through the balancer"
            else
                say "$name runs (pid $pid) but the balancer sends it nothing: held, or disabled by a reset of the balancer; '$0 enable-node ${name#node-}'"
            fi
        else
            say "$name is stopped"
        fi
    done
    say "the balancer knows: [$(balancer_nodes)]"
}

node_arg() {
    [[ ${1:-} =~ ^[1-9]$ ]] || fail "name a node by its number, 1 to 9"
    echo "$1"
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    start-node)
        k=$(node_arg "${2:-}")
        [[ -z ${3:-} || ${3:-} == --hold ]] || fail "unknown option ${3} (start-node K [--hold])"
        start_node "$k"; await_node "$k"; warm_node "$k"
        if [[ ${3:-} == --hold ]]; then
            say "node-$k is held: it serves on its own port, and the balancer sends it nothing until '$0 enable-node $k'"
        else
            enable_node "$k"
        fi
        ;;
    enable-node) k=$(node_arg "${2:-}"); pid_of "$dir/node-$k" >/dev/null || fail "node-$k does not run"; enable_node "$k" ;;
    stop-node) k=$(node_arg "${2:-}"); stop_server "$dir/node-$k" "node-$k" ;;
    kill-node)
        k=$(node_arg "${2:-}")
        pid=$(pid_of "$dir/node-$k") || fail "node-$k does not run"
        kill -KILL "$pid"
        await_gone "$dir/node-$k" "$pid"
        say "node-$k killed (kill -9 $pid)"
        ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
