# The failover drill, sourced by cluster.sh with the cluster up: under load through nginx (drill.py),
# kill app server 2 (every process of its host, as a crash would), bring it back, then stop the replica.
# Its report (requests, failures, latency before and after each event) is printed and kept in
# $QA_DRILL_REPORT when set.
drill_events=$WORK/drill-events.txt
: >"$drill_events"
mark() {
    echo "$(date +%s.%N) $*" >>"$drill_events"
    log "drill: $*"
}

log "drill: ${QA_DRILL_SECONDS:-60}s of load through nginx, ${QA_DRILL_CONCURRENCY:-16} connections"
"$PYTHON" "$DEPLOY/cluster/drill.py" --balancer "http://$LB_IP" --duration "${QA_DRILL_SECONDS:-60}" \
    --concurrency "${QA_DRILL_CONCURRENCY:-16}" --events "$drill_events" --report "$WORK/drill.json" &
drill_load=$!
sleep 10
mark "kill app server 2"
kill_app 2
sleep 15
mark "restart app server 2"
start_app 2
mark "app server 2 ready"
sleep 15
log "drill: queries by alias so far: $(query_counts)"
mark "stop the replica"
stop_replica
wait "$drill_load"
log "drill: queries by alias at the end: $(query_counts)"
log "drill: replica failures noticed by the app servers: $(cat "$WORK"/app*/app.log | grep -c 'Replica replica1 failed')"
[[ -n ${QA_DRILL_REPORT:-} ]] && cp "$WORK/drill.json" "$QA_DRILL_REPORT"
log "drill done"
