#!/bin/bash
# The time from the launch of a prepared server to its first 200 of GET /api/v1/payments?limit=1,
# for two settings in turn (A B A B ...), with the ratio A/B pair by pair: the machine's speed
# drifts during a run, a pair shares it. PERFORMANCE.md, "Crash matrix", quotes it.
#
#   bench/start-time.sh [--pairs N] [--offset K] [--properties FILE] WILDFLY_HOME 'A: extra JVM options' 'B: extra JVM options'
#
# WILDFLY_HOME is a server this build prepared with its EAR deployed (it-crash/target/wildfly-*,
# say; copy it if its data matters). Each start is killed with SIGKILL once it serves, so every
# start after the first finds the data a crash left, as a restart does. Its settings are those
# the crash tests wrote there (standalone/crash-test.properties) unless --properties names others.
# An archive must have been written by a server in that same folder: HotSpot uses none made in
# another. Class-data sharing:
#   bench/start-time.sh it-crash/target/wildfly-39.0.1.Final \
#       "-XX:SharedArchiveFile=$PWD/it-crash/target/wildfly-39.0.1.Final/standalone/data/class-data.jsa" ""
set -euo pipefail

pairs=6
offset=300
properties=
while [[ $# -gt 0 && $1 == --* ]]; do
    case $1 in
        --pairs) pairs=$2; shift 2 ;;
        --offset) offset=$2; shift 2 ;;
        --properties) properties=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if [[ $# -ne 3 ]]; then
    sed -n '2,15p' "$0" >&2
    exit 2
fi
home=$(cd "$1" && pwd)
a=$2
b=$3
if [[ -z $properties ]]; then
    # The crash tests' settings, as CrashServer.serverProperties wrote them into that server.
    properties=$home/standalone/crash-test.properties
    if [[ ! -f $properties ]]; then
        echo "no $properties: run the crash tests once on that server, or give --properties FILE" >&2
        exit 2
    fi
fi
port=$((8080 + offset))
server=
# Whatever ends this script (an error, Ctrl-C) also ends the server it started: its process group.
trap 'if [[ -n $server ]]; then kill -9 -- -"$server" 2>/dev/null || true; fi' EXIT
trap 'exit 130' INT TERM

# One start: sets $took to the seconds from the launch to the first 200, then kills the server
# (standalone.sh, which setsid makes a process group's leader, and its JVM).
start() {
    local options=$1 t0 t1 code=
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
        echo "port $port answers already: stop that server or choose --offset" >&2
        exit 1
    fi
    t0=$(date +%s.%N)
    JAVA_OPTS="-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true $options" JBOSS_HOME= setsid "$home/bin/standalone.sh" -c standalone.xml \
        -P="file:$properties" -Djboss.socket.binding.port-offset="$offset" > "$home/standalone/log/start-time-console.log" 2>&1 &
    server=$!
    for _ in $(seq 1 3000); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/api/v1/payments?limit=1" || true)
        [[ $code == 200 ]] && break
        kill -0 "$server" 2>/dev/null || { echo "the server ended before it served; see $home/standalone/log/server.log" >&2; exit 1; }
        sleep 0.05 # polling the server with a deadline (3000 polls)
    done
    t1=$(date +%s.%N)
    [[ $code == 200 ]] || { echo "no 200 after 3000 polls (last $code)" >&2; exit 1; }
    kill -9 -- -"$server"
    wait "$server" 2>/dev/null || true
    server=
    took=$(echo "$t1 - $t0" | bc)
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

start "$b"
echo "warm-up start (not counted): $took s"
as=() bs=() rs=()
for i in $(seq 1 "$pairs"); do
    start "$a"
    ta=$took
    start "$b"
    tb=$took
    r=$(echo "scale=4; $ta / $tb" | bc)
    as+=("$ta") bs+=("$tb") rs+=("$r")
    printf 'pair %d: A %.2f s, B %.2f s, A/B %.2fx\n' "$i" "$ta" "$tb" "$r"
done
printf 'A median %.2f s, B median %.2f s; A/B median %.2fx (pairs %.2fx to %.2fx)\n' \
    "$(printf '%s\n' "${as[@]}" | median)" "$(printf '%s\n' "${bs[@]}" | median)" "$(printf '%s\n' "${rs[@]}" | median)" \
    "$(printf '%s\n' "${rs[@]}" | sort -g | head -1)" "$(printf '%s\n' "${rs[@]}" | sort -g | tail -1)"
