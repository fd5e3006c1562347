#!/usr/bin/env bash
# `make cluster`: the production topology on this one machine, each host in its own network namespace
# with its own address on a private bridge (atq-br0, QA_CLUSTER_NET.0/24, default 10.77.0.0/24):
#
#   atq-lb     .2   nginx, round robin over the three app servers
#   atq-app1   .21  Django, as `make serve` runs it    atq-app2 .22    atq-app3 .23
#   atq-db1    .11  PostgreSQL primary, PgBouncer in front of it (:6432)
#   atq-db2    .12  PostgreSQL streaming replica, made with pg_basebackup -R
#   atq-cache  .13  Redis
#   atq-mail   .14  OpenSMTPD, the mail host: keeps every email it is sent in one maildir
#
# App server 1's host also runs the notifications worker (manage.py send_notifications).
# This machine's own namespace holds the bridge's .1 and plays the client: the smoke test, the benchmark
# and the drill send their requests to nginx at .2 only. Everything is torn down on exit, failed or not.
#
# Usage: deploy/cluster/cluster.sh [smoke|bench|drill|shell]   (run as root; default: smoke)
#   smoke  bring the cluster up, run deploy/cluster/smoke.py through nginx, tear down
#   bench  smoke, then wrk through nginx with 1 and 3 app servers, with the list cache on and off
#   drill  smoke, then the failover drill (deploy/cluster/drill.py): kill an app server, restart it,
#          stop the replica, all under load
#   shell  smoke, then an interactive shell with the cluster up (exit to tear down)
set -euo pipefail

ACTION=${1:-smoke}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEPLOY=$ROOT/deploy
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
NET=${QA_CLUSTER_NET:-10.77.0}
APP_WORKERS=${QA_CLUSTER_APP_WORKERS:-1}
# Three app servers (and the legacy design's three, when measured) share this machine's two cores: one worker
# process each, with fewer threads than one server alone would run.
APP_THREADS=${QA_CLUSTER_APP_THREADS:-2}
DATABASE=atelier_qa
BRIDGE=atq-br0
CLIENT_IP=$NET.1
LB_IP=$NET.2
PRIMARY_IP=$NET.11
REPLICA_IP=$NET.12
CACHE_IP=$NET.13
MAIL_IP=$NET.14
APP_IPS=("$NET.21" "$NET.22" "$NET.23")
declare -A HOST_IPS=(
    [lb]=$LB_IP [db1]=$PRIMARY_IP [db2]=$REPLICA_IP [cache]=$CACHE_IP [mail]=$MAIL_IP
    [app1]=${APP_IPS[0]} [app2]=${APP_IPS[1]} [app3]=${APP_IPS[2]}
)
WORK=""

log() { printf '[cluster %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# Every process of a host starts here. 9>&-: a daemon must not inherit the script's lock (see main), or a
# run killed with SIGKILL would leave the lock held by its daemons.
in_host() { local host=$1; shift; ip netns exec "atq-$host" "$@" 9>&-; }
as_postgres() { local host=$1; shift; in_host "$host" runuser -u postgres -- "$@"; }

install_packages() {
    local missing=()
    command -v nginx >/dev/null || missing+=(nginx)
    command -v pgbouncer >/dev/null || missing+=(pgbouncer)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v node >/dev/null || missing+=(nodejs npm)  # the legacy design, for CLUSTER_ACTION=bench
    command -v envsubst >/dev/null || missing+=(gettext-base)
    command -v smtpd >/dev/null || missing+=(opensmtpd)
    [[ -x $PG_BIN/postgres ]] || missing+=(postgresql-15)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

make_network() {
    ip link add "$BRIDGE" type bridge
    ip addr add "$CLIENT_IP/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    local host
    for host in "${!HOST_IPS[@]}"; do
        ip netns add "atq-$host"
        ip link add "atq-$host" type veth peer name eth0 netns "atq-$host"
        ip link set "atq-$host" master "$BRIDGE" up
        in_host "$host" ip addr add "${HOST_IPS[$host]}/24" dev eth0
        in_host "$host" ip link set eth0 up
        in_host "$host" ip link set lo up
    done
}

# Every process of the cluster lives in one of its namespaces: stopping them is stopping those pids.
stop_host() {
    local host=$1 pids
    pids=$(ip netns pids "atq-$host" 2>/dev/null || true)
    [[ -z $pids ]] && return 0
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 50); do
        pids=$(ip netns pids "atq-$host" 2>/dev/null || true)
        [[ -z $pids ]] && return 0
        sleep 0.1
    done
    kill -KILL $pids 2>/dev/null || true
}

teardown() {
    local status=$?
    set +e
    log "tearing down"
    local host
    for host in db1 db2; do
        [[ -f $WORK/$host/data/postmaster.pid ]] && as_postgres "$host" "$PG_BIN/pg_ctl" -D "$WORK/$host/data" -m fast -t 10 stop >/dev/null 2>&1
    done
    for host in "${!HOST_IPS[@]}"; do
        stop_host "$host"
        ip netns del "atq-$host" 2>/dev/null
    done
    ip link del "$BRIDGE" 2>/dev/null
    if [[ -n $WORK ]]; then
        if ((status != 0)); then
            log "failed; the last log lines of each host:"
            tail -n 5 "$WORK"/*/*.log "$WORK"/db*/data/server.log >&2 2>/dev/null
        fi
        rm -rf "$WORK"
    fi
    log "down (exit $status)"
}

wait_for() {
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq $((seconds * 10))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    log "$what did not come up within ${seconds}s"
    return 1
}

pg_options() { echo "-c listen_addresses=$1 -c port=5432 -c unix_socket_directories=$2"; }

start_primary() {
    local dir=$WORK/db1
    mkdir -p "$dir" && chown postgres: "$dir"
    as_postgres db1 "$PG_BIN/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 \
        --locale=C.UTF-8 >/dev/null
    echo "include '$DEPLOY/postgres/postgresql.conf'" >>"$dir/data/postgresql.conf"
    PG_CLIENT_CIDR=$NET.0/24 PG_AUTH_METHOD=trust envsubst <"$DEPLOY/postgres/pg_hba.conf.template" \
        >>"$dir/data/pg_hba.conf"
    as_postgres db1 "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w \
        -o "$(pg_options "$PRIMARY_IP" "$dir")" start >/dev/null
    in_host db1 psql -q -h "$PRIMARY_IP" -U postgres -c "CREATE ROLE replicator WITH REPLICATION LOGIN" \
        -c "CREATE DATABASE $DATABASE"
}

start_replica() {
    local dir=$WORK/db2
    mkdir -p "$dir" && chown postgres: "$dir"
    in_host db2 runuser -u postgres -- env PG_BIN="$PG_BIN" PG_PRIMARY_HOST="$PRIMARY_IP" PG_PRIMARY_PORT=5432 \
        PG_DATA="$dir/data" PG_CTL_OPTIONS="$(pg_options "$REPLICA_IP" "$dir")" \
        "$DEPLOY/postgres/make_replica.sh" >/dev/null
}

stop_replica() { as_postgres db2 "$PG_BIN/pg_ctl" -D "$WORK/db2/data" -m fast -w stop >/dev/null; }

start_pgbouncer() {
    local dir=$WORK/pgbouncer
    mkdir -p "$dir"
    echo '"postgres" ""' >"$dir/userlist.txt"
    PGBOUNCER_LISTEN_ADDR=$PRIMARY_IP PGBOUNCER_LISTEN_PORT=6432 PG_PRIMARY_HOST=$PRIMARY_IP PG_PRIMARY_PORT=5432 \
        PG_DATABASE=$DATABASE PGBOUNCER_POOL_SIZE=20 PGBOUNCER_DIR=$dir PGBOUNCER_AUTH_TYPE=trust \
        envsubst <"$DEPLOY/pgbouncer/pgbouncer.ini.template" >"$dir/pgbouncer.ini"
    chown -R postgres: "$dir"
    as_postgres db1 pgbouncer --daemon "$dir/pgbouncer.ini"
    wait_for pgbouncer 10 in_host db1 psql -h "$PRIMARY_IP" -p 6432 -U postgres -d "$DATABASE" -c "SELECT 1"
}

start_cache() {
    local dir=$WORK/cache
    mkdir -p "$dir" && chown redis: "$dir"
    in_host cache runuser -u redis -- redis-server --bind "$CACHE_IP" --port 6379 --protected-mode no --save "" --appendonly no \
        --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
}

# The mail host: OpenSMTPD in the foreground (its log in mail.log), every email in $WORK/mail/Maildir.
start_mail() {
    local dir=$WORK/mail
    mkdir -p "$dir/Maildir" && chown nobody: "$dir/Maildir"
    echo "@ nobody" >"$dir/recipients"
    MAIL_LISTEN=$MAIL_IP MAIL_DIR=$dir envsubst '$MAIL_LISTEN $MAIL_DIR' <"$DEPLOY/cluster/smtpd.conf.template" \
        >"$dir/smtpd.conf"
    (in_host mail setsid smtpd -d -f "$dir/smtpd.conf" >>"$dir/mail.log" 2>&1 &)
    wait_for "the mail host" 10 in_host mail bash -c "exec 3<>/dev/tcp/$MAIL_IP/25"
}

# The app servers' environment: qa_project.settings.production, configured as .env.example describes.
app_env() {
    local number=$1
    local hosts
    hosts=$(IFS=,; echo "$LB_IP,${APP_IPS[*]}")
    echo DJANGO_SETTINGS_MODULE=qa_project.settings.production \
        DJANGO_SECRET_KEY="$SECRET_KEY" \
        DJANGO_ALLOWED_HOSTS="$hosts" \
        DJANGO_SECURE_SSL_REDIRECT=false \
        DJANGO_SECURE_HSTS_SECONDS=0 \
        NUM_PROXIES=1 \
        DATABASE_URL="postgres://postgres@$PRIMARY_IP:6432/$DATABASE" \
        DATABASE_DISABLE_SERVER_SIDE_CURSORS=true \
        DATABASE_PREPARED_STATEMENTS=false \
        DATABASE_REPLICA_URLS="postgres://postgres@$REPLICA_IP:5432/$DATABASE" \
        REDIS_URL="redis://$CACHE_IP:6379/0" \
        CACHE_ENABLED="${QA_CLUSTER_CACHE:-true}" \
        BIND="${APP_IPS[$((number - 1))]}:8000" \
        WEB_CONCURRENCY="$APP_WORKERS" \
        APP_THREADS="$APP_THREADS" \
        PROMETHEUS_MULTIPROC_DIR="$WORK/app$number/prometheus" \
        LOG_FORMAT=json \
        EMAIL_URL="smtp://$MAIL_IP:25" \
        EMAIL_TIMEOUT=10 \
        DEFAULT_FROM_EMAIL=no-reply@atelier.test \
        PUBLIC_BASE_URL="http://$LB_IP" \
        NOTIFICATION_WINDOW_SECONDS="${QA_CLUSTER_NOTIFICATION_WINDOW:-2}" \
        NOTIFICATION_POLL_SECONDS=1
}

migrate() {
    # A release step: migrations run once, against the primary itself rather than through PgBouncer.
    in_host app1 env $(app_env 1) DATABASE_URL="postgres://postgres@$PRIMARY_IP:5432/$DATABASE" \
        "$PYTHON" "$ROOT/manage.py" migrate --noinput >/dev/null
    in_host app1 env $(app_env 1) "$PYTHON" "$ROOT/manage.py" load_sample_data >/dev/null
}

start_app() {
    local number=$1 dir=$WORK/app$1
    rm -rf "$dir/prometheus" && mkdir -p "$dir/prometheus"
    (cd "$ROOT" && in_host "app$number" setsid env $(app_env "$number") "$PYTHON" deploy/serve.py \
        >>"$dir/app.log" 2>&1 &)
    wait_for "app server $number" 30 curl -fsS "http://${APP_IPS[$((number - 1))]}:8000/readyz"
    if ((number == 1)); then start_worker; fi
}

# The notifications worker, on app server 1's host with its environment and metrics directory: its counts show
# at that server's /metrics. Started after the server, stopped with its host.
start_worker() {
    (cd "$ROOT" && in_host app1 setsid env $(app_env 1) "$PYTHON" manage.py send_notifications \
        >>"$WORK/app1/worker.log" 2>&1 &)
}

kill_app() { stop_host "app$1"; }

start_nginx() {
    local dir=$WORK/nginx servers=""
    mkdir -p "$dir/tmp"
    local upstream
    for upstream in "$@"; do
        servers+="    server $upstream:8000 max_fails=${QA_MAX_FAILS:-1} fail_timeout=${QA_FAIL_TIMEOUT:-5s};"$'\n'
    done
    QA_UPSTREAM_SERVERS=$servers QA_LISTEN=$LB_IP:80 envsubst '$QA_UPSTREAM_SERVERS $QA_LISTEN' \
        <"$DEPLOY/nginx/atelier-qa.conf.template" >"$dir/atelier-qa.conf"
    QA_NGINX_DIR=$dir envsubst '$QA_NGINX_DIR' <"$DEPLOY/nginx/nginx.conf.template" >"$dir/nginx.conf"
    in_host lb nginx -t -q -c "$dir/nginx.conf"
    if [[ -s $dir/nginx.pid ]]; then
        in_host lb nginx -c "$dir/nginx.conf" -s reload
        sleep 0.5
    else
        in_host lb nginx -c "$dir/nginx.conf"
    fi
    wait_for nginx 10 curl -fsS "http://$LB_IP/healthz"
}

up() {
    log "network: $BRIDGE $NET.0/24, namespaces ${!HOST_IPS[*]}"
    make_network
    log "PostgreSQL primary on $PRIMARY_IP"
    start_primary
    log "streaming replica on $REPLICA_IP (pg_basebackup -R)"
    start_replica
    log "PgBouncer on $PRIMARY_IP:6432, Redis on $CACHE_IP"
    start_pgbouncer
    start_cache
    log "mail host (OpenSMTPD) on $MAIL_IP"
    start_mail
    log "migrations and sample data"
    migrate
    log "app servers on ${APP_IPS[*]}"
    local number
    for number in 1 2 3; do start_app "$number" & done
    wait
    for number in 1 2 3; do curl -fsS "http://${APP_IPS[$((number - 1))]}:8000/healthz" >/dev/null; done
    log "nginx on $LB_IP"
    start_nginx "${APP_IPS[@]}"
}

# "alias=count ..." of the queries the app servers ran, summed over them, from their /metrics.
query_counts() {
    local ip
    for ip in "${APP_IPS[@]}"; do curl -fsS "http://$ip:8000/metrics"; done |
        awk '/^qa_db_query_duration_seconds_count/ { split($0, part, "\""); sum[part[2]] += $NF }
             END { for (alias in sum) printf "%s=%d ", alias, sum[alias] }'
}

app_urls() { local ip; for ip in "${APP_IPS[@]}"; do echo "http://$ip:8000"; done; }

smoke() {
    log "smoke test through nginx"
    "$PYTHON" "$DEPLOY/cluster/smoke.py" --balancer "http://$LB_IP" --primary "$PRIMARY_IP" --replica "$REPLICA_IP" \
        --maildir "$WORK/mail/Maildir" $(app_urls)
}

main() {
    [[ $EUID -eq 0 ]] || { echo "run as root: network namespaces need it" >&2; exit 1; }
    case $ACTION in smoke | bench | drill | shell) ;; *) echo "usage: $0 [smoke|bench|drill|shell]" >&2; exit 2 ;; esac
    # One cluster at a time; in_host keeps the lock's descriptor from the cluster's daemons.
    exec 9>/run/lock/atelier-qa-cluster.lock
    flock --nonblock 9 || { echo "another cluster is running" >&2; exit 1; }
    if ip netns list | grep -q '^atq-'; then
        log "removing the namespaces a killed run left behind"
        for host in "${!HOST_IPS[@]}"; do stop_host "$host"; ip netns del "atq-$host" 2>/dev/null || true; done
        ip link del "$BRIDGE" 2>/dev/null || true
        rm -rf /tmp/atelier-qa-cluster.*
    fi
    install_packages
    WORK=$(mktemp -d /tmp/atelier-qa-cluster.XXXXXX)
    chmod 755 "$WORK"
    trap teardown EXIT
    trap 'exit 130' INT TERM
    SECRET_KEY=$("$PYTHON" -c "import secrets; print(secrets.token_urlsafe(50))")
    up
    smoke
    case $ACTION in
    bench) source "$DEPLOY/cluster/bench.sh" ;;
    drill) source "$DEPLOY/cluster/drill.sh" ;;
    shell)
        log "cluster up: nginx at http://$LB_IP, logs in $WORK; exit the shell to tear it down"
        bash -i || true
        ;;
    esac
}

main
