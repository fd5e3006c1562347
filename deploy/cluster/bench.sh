# Throughput through nginx, sourced by cluster.sh with the cluster up: wrk on the question list
# (deploy/cluster/reads.lua) with one app server, then three, with the list cache on, then off.
# With the cache off every request is a query: the replica's share of them is counted from the app
# servers' /metrics (qa_db_query_duration_seconds_count per alias).
# A markdown table is printed and kept in $QA_BENCH_REPORT when set.
bench_seconds=${QA_BENCH_SECONDS:-20}
bench_connections=${QA_BENCH_CONNECTIONS:-32}

restart_apps() {
    local number
    for number in 1 2 3; do kill_app "$number"; done
    for number in 1 2 3; do start_app "$number" & done
    wait
}

# One wrk run: prints "| servers | cache | requests/s | p50 | p99 | non-2xx | queries |".
bench_row() {
    local servers=$1 cache=$2 output before after
    before=$(query_counts)
    output=$(wrk -t2 -c"$bench_connections" -d"${bench_seconds}s" --latency -s "$DEPLOY/cluster/reads.lua" \
        "http://$LB_IP")
    after=$(query_counts)
    local rps p50 p99 non2xx
    rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$output")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$output")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$output")
    non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$output")
    printf '| %s | %s | %s | %s | %s | %s | before: %s; after: %s |\n' "$servers" "$cache" "$rps" "$p50" "$p99" \
        "${non2xx:-0}" "$before" "$after"
}

bench_table=$WORK/bench.md
{
    echo "wrk -t2 -c$bench_connections -d${bench_seconds}s through nginx, $APP_WORKERS gthread workers per app server"
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
cat "$bench_table"
[[ -n ${QA_BENCH_REPORT:-} ]] && cp "$bench_table" "$QA_BENCH_REPORT"
log "bench done"
