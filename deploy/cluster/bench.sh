# Throughput through nginx, sourced by cluster.sh with the cluster up.
# 1. This project alone: wrk on the sample data's question lists (deploy/cluster/reads.lua) with one app server,
#    then three, with the list cache on, then off. With the cache off every request is a query: the replica's
#    share of them is counted from the app servers' /metrics (qa_db_query_duration_seconds_count per alias).
# 2. Against the legacy design (benchmarks/legacy_design/): QA_BENCH_QUESTIONS questions are seeded, the legacy
#    design runs on each app host (port 8770, its 2 workers, reading from the replica as this project's GETs
#    do) behind a second nginx site (port 81), and wrk's legacy benchmark (a random product among the last 10%)
#    alternates between the two, QA_BENCH_ROUNDS rounds, three app servers each, cache warm then off.
# Markdown tables are printed and kept in $QA_BENCH_REPORT when set.
bench_seconds=${QA_BENCH_SECONDS:-20}
bench_connections=${QA_BENCH_CONNECTIONS:-32}
bench_questions=${QA_BENCH_QUESTIONS:-1000000}
bench_rounds=${QA_BENCH_ROUNDS:-2}
LEGACY_PORT=8770

restart_apps() {
    local number
    for number in 1 2 3; do kill_app "$number"; done
    for number in 1 2 3; do start_app "$number" & done
    wait
}

# "requests/s p50 p99 non-2xx" of one wrk run through nginx at $1 (a URL) with the wrk script $2.
wrk_run() {
    local output
    output=$(wrk -t2 -c"$bench_connections" -d"${bench_seconds}s" --latency -s "$2" "$1")
    awk '/^Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
         /Non-2xx/ { errors = $NF } END { print rps, p50, p99, errors + 0 }' <<<"$output"
}

# One wrk run: prints "| servers | cache | requests/s | p50 | p99 | non-2xx | queries |".
bench_row() {
    local servers=$1 cache=$2 before after result
    before=$(query_counts)
    result=$(wrk_run "http://$LB_IP" "$DEPLOY/cluster/reads.lua")
    after=$(query_counts)
    read -r rps p50 p99 non2xx <<<"$result"
    printf '| %s | %s | %s | %s | %s | %s | before: %s; after: %s |\n' "$servers" "$cache" "$rps" "$p50" "$p99" \
        "$non2xx" "$before" "$after"
}

seed_for_legacy_benchmark() {
    log "bench: seeding $bench_questions questions (straight to the primary)"
    in_host app1 env $(app_env 1) DATABASE_URL="postgres://postgres@$PRIMARY_IP:5432/$DATABASE" \
        "$PYTHON" "$ROOT/manage.py" seed --questions "$bench_questions" --seed 1 --force --verbosity 0
    in_host db1 psql -q -h "$PRIMARY_IP" -U postgres -d "$DATABASE" -f "$ROOT/benchmarks/legacy_design/views.sql"
    local lsn
    lsn=$(in_host db1 psql -h "$PRIMARY_IP" -U postgres -Atc "SELECT pg_current_wal_lsn()")
    wait_for "the replica's copy of the seed" 300 replica_replayed "$lsn"
}

replica_replayed() {
    [[ $(in_host db2 psql -h "$REPLICA_IP" -U postgres -Atc "SELECT pg_last_wal_replay_lsn() >= '$1'") == t ]]
}

# The legacy design on each app host; restart_apps stops it with everything else on those hosts.
start_legacy_design() {
    local dir=$WORK/legacy number
    for number in 1 2 3; do
        (in_host "app$number" setsid env DATABASE_URL="postgres://postgres@$REPLICA_IP:5432/$DATABASE" \
            HOST="${APP_IPS[$((number - 1))]}" PORT="$LEGACY_PORT" WORKERS="$APP_WORKERS" Q_TABLE=legacy_design_question A_TABLE=legacy_design_answer \
            node "$dir/server.js" >>"$dir/app$number.log" 2>&1 &)
    done
    local ip
    for ip in "${APP_IPS[@]}"; do
        wait_for "the legacy design on $ip" 30 curl -fsS "http://$ip:$LEGACY_PORT/qa/questions?product_id=1"
    done
}

# The legacy design installed, and a second site on nginx (port 81) in front of it on the three app hosts.
install_legacy_design() {
    local servers="" ip
    cp -r "$ROOT/benchmarks/legacy_design" "$WORK/legacy"
    (cd "$WORK/legacy" && npm install --no-audit --no-fund --silent)
    for ip in "${APP_IPS[@]}"; do
        servers+="    server $ip:$LEGACY_PORT;"$'\n'
    done
    # A second site on nginx, the same proxying as this project's: round robin, keep-alive connections.
    cat >"$WORK/nginx/legacy.conf" <<EOF
upstream legacy_design {
$servers    keepalive 64;
}
server {
    listen $LB_IP:81 reuseport;
    location / {
        proxy_pass http://legacy_design;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
    }
}
EOF
    sed -i "s|include $WORK/nginx/atelier-qa.conf;|&\n    include $WORK/nginx/legacy.conf;|" "$WORK/nginx/nginx.conf"
    in_host lb nginx -t -q -c "$WORK/nginx/nginx.conf"
    in_host lb nginx -c "$WORK/nginx/nginx.conf" -s reload
}

# The largest product id, and the first of the last 10%: the legacy benchmark's products.
product_range() {
    local largest
    largest=$(in_host db1 psql -h "$PRIMARY_IP" -U postgres -d "$DATABASE" -Atc "SELECT max(product_id) FROM questions_question")
    echo "$((largest - largest / 10)) $largest"
}

# Every product of the legacy benchmark's range requested once in turn: the list cache holds them all.
warm_cache() {
    local low=$1 high=$2
    PRODUCT_ID_LOW=$low PRODUCT_ID_HIGH=$high REQUEST_PATH=/qa/questions \
        wrk -t1 -c16 -d"$(((high - low) / 1000 + 10))s" -s "$ROOT/benchmarks/every_product.lua" "http://$LB_IP" >/dev/null
}

legacy_rows() {
    local cache=$1 low=$2 high=$3 round result
    for round in $(seq "$bench_rounds"); do
        for site in "legacy design|http://$LB_IP:81" "this project|http://$LB_IP"; do
            result=$(PRODUCT_ID_LOW=$low PRODUCT_ID_HIGH=$high REQUEST_PATH=/qa/questions \
                wrk_run "${site#*|}" "$ROOT/benchmarks/random_product.lua")
            read -r rps p50 p99 non2xx <<<"$result"
            printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${site%|*}" "$cache" "$round" "$rps" "$p50" "$p99" "$non2xx"
        done
    done
}

bench_table=$WORK/bench.md
{
    echo "wrk -t2 -c$bench_connections -d${bench_seconds}s through nginx, $APP_WORKERS workers per app server"
    echo
    echo "| app servers | list cache | requests/s | p50 | p99 | non-2xx | queries by alias (all app servers) |"
    echo "|---|---|---|---|---|---|---|"
} >"$bench_table"
for cache in true false; do
    if [[ $cache == false ]]; then
        log "bench: restarting the app servers with the list cache off"
        export QA_CLUSTER_CACHE=false
        restart_apps
    fi
    log "bench: one app server, cache $cache"
    start_nginx "${APP_IPS[0]}"
    bench_row 1 "$cache" >>"$bench_table"
    log "bench: three app servers, cache $cache"
    start_nginx "${APP_IPS[@]}"
    bench_row 3 "$cache" >>"$bench_table"
done

seed_for_legacy_benchmark
install_legacy_design
read -r low high <<<"$(product_range)"
{
    echo
    echo "Against the legacy design through nginx, three app servers each: $bench_questions questions seeded, a"
    echo "random product among $low..$high, the two alternating for $bench_rounds rounds"
    echo
    echo "| server | cache | round | requests/s | p50 | p99 | non-2xx |"
    echo "|---|---|---|---|---|---|---|"
} >>"$bench_table"
for cache in warm off; do
    export QA_CLUSTER_CACHE=$([[ $cache == warm ]] && echo true || echo false)
    restart_apps
    start_legacy_design
    wait_for "nginx's legacy site" 10 curl -fsS "http://$LB_IP:81/qa/questions?product_id=1"
    if [[ $cache == warm ]]; then
        log "bench: warming the list cache over products $low..$high"
        warm_cache "$low" "$high"
    fi
    log "bench: against the legacy design, cache $cache"
    legacy_rows "$cache" "$low" "$high" >>"$bench_table"
done
cat "$bench_table"
[[ -n ${QA_BENCH_REPORT:-} ]] && cp "$bench_table" "$QA_BENCH_REPORT"
log "bench done"
