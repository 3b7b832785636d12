#!/usr/bin/env bash
# Prepares a local PostgreSQL for Steadfast (README, "PostgreSQL"):
#   - the role steadfast (LOGIN, password steadfast: development values, as in the datasource
#     defaults of configure-datasource-postgresql.cli);
#   - the databases steadfast (the run command and the cluster), steadfast_pg_it,
#     steadfast_pg_crash and steadfast_pg_cluster_it (the test suites, which empty them before every
#     run), owned by that role;
#   - max_prepared_transactions = 64 (ALTER SYSTEM), without which every XA prepare fails, and a
#     restart of PostgreSQL when that setting changed (the only way it takes effect).
# Idempotent and safe: it creates what is missing, never drops or empties anything, and restarts
# PostgreSQL only when max_prepared_transactions is below the wanted value.
#
# Connects as a superuser (PGSUPERUSER, default postgres) to PGHOST:PGPORT (default
# 127.0.0.1:5432); PGPASSWORD or ~/.pgpass if the server asks for a password. The restart uses
# pg_ctlcluster (Debian/Ubuntu packages); elsewhere the script says what to restart.
#   standalone-config/setup-postgresql.sh
set -euo pipefail

host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}
superuser=${PGSUPERUSER:-postgres}
app_user=${STEADFAST_DB_USER:-steadfast}
app_password=${STEADFAST_DB_PASSWORD:-steadfast}
databases=(${STEADFAST_DB_NAMES:-steadfast steadfast_pg_it steadfast_pg_crash steadfast_pg_cluster_it})
wanted_prepared=${STEADFAST_MAX_PREPARED_TRANSACTIONS:-64}

psql_admin() {
    psql -h "$host" -p "$port" -U "$superuser" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}
# SQL on standard input, where psql interpolates the -v variables (quoted: :'v' literal, :"v" name).
sql_admin() {
    local sql=$1
    shift
    psql_admin "$@" <<<"$sql"
}

if ! psql_admin -c 'select 1' >/dev/null; then
    echo "setup-postgresql: cannot connect to PostgreSQL at $host:$port as $superuser; start it (e.g. pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start) and run again" >&2
    exit 1
fi

# The role: created once (an existing one keeps its password).
if [[ "$(sql_admin "select count(*) from pg_roles where rolname = :'u'" -v u="$app_user")" == 0 ]]; then
    sql_admin "create role :\"u\" login password :'p'" -v u="$app_user" -v p="$app_password"
    echo "setup-postgresql: created role $app_user"
fi

# The databases: created when missing, never dropped.
for db in "${databases[@]}"; do
    if [[ "$(sql_admin "select count(*) from pg_database where datname = :'d'" -v d="$db")" == 0 ]]; then
        sql_admin "create database :\"d\" owner :\"u\"" -v d="$db" -v u="$app_user"
        echo "setup-postgresql: created database $db (owner $app_user)"
    fi
done

# max_prepared_transactions: takes effect only at a restart.
current=$(psql_admin -c "show max_prepared_transactions")
if (( current >= wanted_prepared )); then
    echo "setup-postgresql: max_prepared_transactions is $current, nothing to restart"
    exit 0
fi
psql_admin -c "alter system set max_prepared_transactions = $wanted_prepared"
echo "setup-postgresql: max_prepared_transactions $current -> $wanted_prepared (ALTER SYSTEM); restarting PostgreSQL"
if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main restart
else
    echo "setup-postgresql: no pg_ctlcluster here: restart PostgreSQL yourself (e.g. pg_ctl restart -D <data dir>) and run this script again to check" >&2
    exit 2
fi
deadline=$((SECONDS + 60))
until psql_admin -c 'select 1' >/dev/null 2>&1; do
    if (( SECONDS > deadline )); then
        echo "setup-postgresql: PostgreSQL did not come back within 60 s" >&2
        exit 1
    fi
    sleep 0.5 # polling for the restarted server, with a deadline
done
now=$(psql_admin -c "show max_prepared_transactions")
if (( now < wanted_prepared )); then
    echo "setup-postgresql: max_prepared_transactions is still $now after the restart" >&2
    exit 1
fi
echo "setup-postgresql: max_prepared_transactions is $now"
