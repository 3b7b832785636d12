#!/usr/bin/env bash
# Adds (or replaces) an operator of Steadfast's admin API and console:
#   standalone-config/add-operator.sh [--jboss-home DIR] [--controller HOST:PORT] [--server-config FILE] USER admin|auditor
# admin may act; auditor may only read. The password is asked for twice (or read from the
# environment variable STEADFAST_OPERATOR_PASSWORD, for scripts); it never appears on a command line
# or in a file that stays: the CLI commands go to jboss-cli through a file that only this user can
# read and that is removed at exit. The identity is stored bcrypt-hashed (cost 10, a random salt) in
# the realm that configure-security.cli adds.
# With a server running (its management port answers at --controller, 127.0.0.1:9990 by default)
# the operator is added to it at once, provided that server's base folder is --jboss-home's
# standalone/ (a server on the default port that runs from elsewhere, the test suite's or a
# cluster's balancer, is refused unless --controller names it); otherwise to the stopped server's
# configuration offline:
# --server-config names it, else the first of standalone.xml (the build's servers) and
# standalone-ha.xml (a cluster's node) that has the realm.
set -euo pipefail

usage() {
    echo "usage: $0 [--jboss-home DIR] [--controller HOST:PORT] [--server-config FILE] USER admin|auditor" >&2
    exit 2
}

jboss_home=${JBOSS_HOME:-}
controller=127.0.0.1:9990
controller_given=false
server_config=
while (($#)); do
    case $1 in
        --jboss-home) jboss_home=${2:?}; shift 2 ;;
        --controller) controller=${2:?}; controller_given=true; shift 2 ;;
        --server-config) server_config=${2:?}; shift 2 ;;
        -h|--help) usage ;;
        --*) echo "unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
(($# == 2)) || usage
user=$1
role=$2
[[ $user =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { echo "the user name must be 1 to 64 letters, digits, '.', '_' or '-'" >&2; exit 2; }
[[ $role == admin || $role == auditor ]] || { echo "the role must be admin (may act) or auditor (may only read), not '$role'" >&2; exit 2; }
if [[ -z $jboss_home ]]; then
    jboss_home=$(ls -d "$(dirname "$0")"/../ear/target/wildfly-* 2>/dev/null | head -1 || true)
fi
[[ -n $jboss_home && -x $jboss_home/bin/jboss-cli.sh ]] || {
    echo "no WildFly found: pass --jboss-home (or set JBOSS_HOME) to the server's directory" >&2; exit 2; }

password=${STEADFAST_OPERATOR_PASSWORD:-}
if [[ -z $password ]]; then
    read -r -s -p "Password for $user: " password; echo >&2
    read -r -s -p "The same again: " again; echo >&2
    [[ $password == "$again" ]] || { echo "the two passwords differ; nothing was changed" >&2; exit 1; }
fi
((${#password} >= 12)) || { echo "the password must have at least 12 characters; nothing was changed" >&2; exit 1; }
[[ $password != *'"'* && $password != *'\'* ]] || { echo "the password may not contain \" or \\; nothing was changed" >&2; exit 1; }

salt=$(head -c16 /dev/urandom | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /,0x/g; s/^/0x/')
realm=/subsystem=elytron/filesystem-realm=steadfast-operators
host=${controller%:*}
port=${controller##*:}
online=false
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    online=true
fi

# Another WildFly on the default management port (the test suite's, a cluster's balancer) is not
# the server in --jboss-home: its operators are not the ones meant, so refuse rather than add them
# there. The server's base folder tells (a cluster's nodes and balancer share one home).
if $online && ! $controller_given; then
    running_base=$("$jboss_home/bin/jboss-cli.sh" --connect --controller="$controller" \
        --command="/core-service=server-environment:read-attribute(name=base-dir)" 2>/dev/null |
        sed -n 's/.*"result" => "\(.*\)".*/\1/p' || true)
    if [[ -z $running_base ]]; then
        echo "something answers at $controller but does not say which WildFly it is (still starting, or not a WildFly): stop it to change $jboss_home offline, or pass --controller; nothing was changed" >&2
        exit 1
    fi
    if [[ $(realpath -m "$running_base") != $(realpath -m "$jboss_home/standalone") ]]; then
        echo "the server answering at $controller runs from $running_base, not $jboss_home/standalone: stop it to change $jboss_home offline, or pass --controller to add the operator to the server there; nothing was changed" >&2
        exit 1
    fi
fi

if ! $online && [[ -z $server_config ]]; then
    for candidate in standalone.xml standalone-ha.xml; do
        if grep -q 'filesystem-realm name="steadfast-operators"' "$jboss_home/standalone/configuration/$candidate" 2>/dev/null; then
            server_config=$candidate
            break
        fi
    done
    [[ -n $server_config ]] || { echo "no configuration in $jboss_home/standalone/configuration has the realm steadfast-operators: run standalone-config/configure-security.cli on it first, or pass --server-config" >&2; exit 2; }
fi

umask 077
commands=$(mktemp)
trap 'rm -f "$commands"' EXIT
{
    $online || echo "embed-server --server-config=$server_config --std-out=discard"
    echo "if (outcome == success) of $realm:read-identity(identity=$user)"
    echo "    $realm:remove-identity(identity=$user)"
    echo "end-if"
    echo "$realm:add-identity(identity=$user)"
    echo "$realm:set-password(identity=$user, bcrypt={password=\"$password\", iteration-count=10, salt=bytes{$salt}})"
    echo "$realm:add-identity-attribute(identity=$user, name=Roles, value=[$role])"
    $online || echo "stop-embedded-server"
} >"$commands"

if $online; then
    echo "add-operator: adding $user ($role) to the server running at $controller"
    "$jboss_home/bin/jboss-cli.sh" --connect --controller="$controller" --file="$commands"
else
    echo "add-operator: adding $user ($role) to the stopped server in $jboss_home ($server_config)"
    "$jboss_home/bin/jboss-cli.sh" --file="$commands"
fi || { echo "add-operator: jboss-cli failed (has standalone-config/configure-security.cli run on this server?); see its output above" >&2; exit 1; }
echo "add-operator: $user may now sign in with role $role"
