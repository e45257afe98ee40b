#!/usr/bin/env bash
# The Spark check, for real: starts a standalone Spark master and worker on 127.0.0.1 from the Spark jars on
# the module's class path (org.apache.spark.deploy.master.Master, ...worker.Worker), runs a quick-profile
# experiment three ways - in one process, with --spark local[2] and with --spark spark://127.0.0.1:PORT -
# and checks that the three result sets are byte-identical apart from the timings files. The master, the worker
# and the worker's executors are stopped at the end, also when a step fails.
#   environment/e2e/spark-check.sh [experiment [reproduce options...]]   (default: capacity --dataset mnist)
# Runs inside a network namespace with only loopback when that is possible (as the notebooks do). Outputs and
# logs: build/spark-check/ (kept for a look after a failure).
# UHOP_SPARK_CHECK_MASTERS: the Spark runs, among local[N], 'cluster' and 'submit' (spark-submit's way, the
# module's jar with the kit's jars shipped to the executors) (default: "local[2] cluster");
# UHOP_SPARK_CHECK_TIMEOUT: seconds allowed per run (default 600). Each run's wall time is printed (the
# benchmark of the Spark note uses this with a paper profile). UHOP_SPARK_CHECK_BENCH=1 also runs
# org.uhopkit.spark.TaskOverheadBenchmark (48 near-empty tasks, 3 jobs) on each master.
# UHOP_SPARK_WORKER_MEMORY: the worker's memory (default 5g: two executors of 2g, one per core; with 3g only one
# executor fits and the cluster runs one task at a time).
set -euo pipefail
UHOP_SCRIPT=spark-check.sh
source "$(dirname "${BASH_SOURCE[0]}")/../_common.sh"

if [[ -z "${UHOP_SPARK_CHECK_INNER:-}" ]]; then
  uhop_ensure_kit
  uhop_spark_built || uhop_die "the module uhop-spark is not built (run environment/setup.sh)"
  if [[ "$(uhop_isolation_mode)" == on ]]; then
    uhop_log "running in a network namespace with only loopback"
    export UHOP_SPARK_CHECK_INNER=1 UHOP_NET_MODE=off
    exec unshare -n -- sh -c 'ip link set lo up && exec "$@"' uhop-netns bash "${BASH_SOURCE[0]}" "$@"
  fi
fi

t_start="$(uhop_now)"
experiment=(capacity --dataset mnist)
(($# == 0)) || experiment=("$@")
dir="$UHOP_BUILD_DIR/spark-check"
rm -rf "$dir"
mkdir -p "$dir/spark-home/jars" "$dir/spark-home/conf" "$dir/work"

# A Spark install for the master and the worker: SPARK_HOME/jars holds Spark's jars only
# (uhop-spark/target/spark-classpath.txt, as in a Spark distribution; the worker starts executors with
# SPARK_HOME/jars/* on their class path, the kit and its libraries come from the driver), conf/ a log4j2
# configuration that also logs the master's and worker's state changes (to wait for them).
spark_cp_file="$UHOP_SPARK_DIR/target/spark-classpath.txt"
[[ -s "$spark_cp_file" ]] || uhop_die "$(uhop_rel "$spark_cp_file") is missing (run environment/setup.sh)"
tr ':' '\n' < "$spark_cp_file" | while IFS= read -r jar; do
  if [[ "$jar" == *.jar ]]; then ln -sf "$jar" "$dir/spark-home/jars/"; fi
done
cat > "$dir/spark-home/conf/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
EOF

export SPARK_HOME="$dir/spark-home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
cp_spark="$SPARK_HOME/conf:$SPARK_HOME/jars/*"

free_port() { "$UHOP_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

master_pid= worker_pid= run_pid=
stop_cluster() {
  local pid executors=()
  if [[ -n "$run_pid" ]]; then
    kill "$run_pid" 2>/dev/null || true   # timeout passes it on to the run
    wait "$run_pid" 2>/dev/null || true
    run_pid=
  fi
  if [[ -n "$worker_pid" ]]; then
    # the worker's executors are its children: stop them with it
    mapfile -t executors < <(pgrep -P "$worker_pid" || true)
  fi
  for pid in "$worker_pid" "$master_pid" "${executors[@]}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "$worker_pid" "$master_pid" "${executors[@]}"; do
    [[ -z "$pid" ]] && continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  master_pid= worker_pid=
}
trap 'stop_cluster' EXIT
trap 'exit 130' INT TERM

wait_for() {   # wait_for <seconds> <what> <command...>
  local secs="$1" what="$2" i
  shift 2
  for ((i = 0; i < secs * 5; i++)); do
    "$@" && return 0
    sleep 0.2
  done
  uhop_die "$what did not happen within $secs s (logs: $(uhop_rel "$dir"))"
}

# ---------------------------------------------------------------- the cluster
port="$(free_port)"
t0="$(uhop_now)"
# shellcheck disable=SC2086
java $UHOP_SPARK_JAVA_OPTS -Xmx512m -cp "$cp_spark" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$dir/master.log" 2>&1 &
master_pid=$!
wait_for 90 "the master listening on 127.0.0.1:$port" port_open "$port"
# shellcheck disable=SC2086
java $UHOP_SPARK_JAVA_OPTS -Xmx512m -cp "$cp_spark" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory "${UHOP_SPARK_WORKER_MEMORY:-5g}" --webui-port 0 --work-dir "$dir/work" "spark://127.0.0.1:$port" \
  >"$dir/worker.log" 2>&1 &
worker_pid=$!
wait_for 90 "the worker registering with the master" grep -q 'Successfully registered with master' "$dir/worker.log"
uhop_log "standalone master spark://127.0.0.1:$port and worker (2 cores) up in $(uhop_elapsed "$t0") s"

# ---------------------------------------------------------------- the runs
run() {   # run <name> [reproduce options...]
  local name="$1" t
  shift
  t="$(uhop_now)"
  # in the background and waited for, so that a signal stops the check at once (the trap stops the run too)
  UHOP_JAVA_OPTS="${UHOP_JAVA_OPTS} -Dspark.executor.memory=2g" timeout "${UHOP_SPARK_CHECK_TIMEOUT:-600}" \
    "$UHOP_ENV_DIR/reproduce" "${experiment[@]}" --no-progress --out "$dir/$name" "$@" >"$dir/$name.log" 2>&1 &
  run_pid=$!
  if ! wait "$run_pid"; then
    run_pid=
    tail -30 "$dir/$name.log" >&2
    uhop_die "the run '$name' failed (log: $(uhop_rel "$dir/$name.log"))"
  fi
  run_pid=
  uhop_log "$name: $(uhop_elapsed "$t") s ($(grep -E '^[a-z-]+: [0-9.]+ s$|^spark: connected' "$dir/$name.log" | tr '\n' ' '))"
}
# spark-submit's way (org.apache.spark.deploy.SparkSubmit, what bin/spark-submit runs): the module's jar is the
# application, the kit's jar and its libraries go with --jars, and the executors fetch them from the driver
submit_run() {
  local t jars app
  t="$(uhop_now)"
  app="$(ls "$UHOP_SPARK_DIR"/target/uhop-spark-*.jar | head -n 1)"
  jars="$(ls "$UHOP_KIT_DIR"/target/uhop-kit-*.jar "$UHOP_KIT_LIB"/*.jar | grep -v '/slf4j-nop-' | paste -sd, -)"
  # shellcheck disable=SC2086
  UHOP_DATA="$UHOP_ROOT/data" timeout "${UHOP_SPARK_CHECK_TIMEOUT:-600}" java $UHOP_SPARK_JAVA_OPTS -cp "$cp_spark" \
    org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" --class org.uhopkit.cli.Reproduce \
    --conf spark.executor.memory=2g --jars "$jars" "$app" \
    "${experiment[@]}" --no-progress --out "$dir/submit" --spark "spark://127.0.0.1:$port" >"$dir/submit.log" 2>&1 &
  run_pid=$!
  if ! wait "$run_pid"; then
    run_pid=
    tail -30 "$dir/submit.log" >&2
    uhop_die "the run 'submit' failed (log: $(uhop_rel "$dir/submit.log"))"
  fi
  run_pid=
  uhop_log "submit: $(uhop_elapsed "$t") s ($(grep -E '^[a-z-]+: [0-9.]+ s$|^spark: connected' "$dir/submit.log" | tr '\n' ' '))"
}

read -r -a masters <<<"${UHOP_SPARK_CHECK_MASTERS:-local[2] cluster}"
((${#masters[@]} > 0)) || uhop_die "UHOP_SPARK_CHECK_MASTERS names no run"
run local
names=()
for m in "${masters[@]}"; do
  case "$m" in
    cluster) names+=(cluster); run cluster --spark "spark://127.0.0.1:$port" ;;
    submit) names+=(submit); submit_run ;;
    local\[*\]) name="local${m//[^0-9*]/}"; names+=("$name"); run "$name" --spark "$m" ;;
    *) uhop_die "UHOP_SPARK_CHECK_MASTERS: unknown run '$m' (local[N], cluster or submit)" ;;
  esac
done

# the cluster run really ran on the worker's executor, with DJL offline and the module options
if [[ " ${names[*]} " == *" cluster "* || " ${names[*]} " == *" submit "* ]]; then
  exec_log="$(find "$dir/work" -path '*/app-*/*' -name stderr -print -quit)"
  [[ -n "$exec_log" ]] || uhop_die "no executor ran on the worker (nothing in $(uhop_rel "$dir/work"))"
  for opt in -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED; do
    grep -q -- "\"$opt\"" "$exec_log" || uhop_die "the executor's command line lacks $opt ($(uhop_rel "$exec_log"))"
  done
fi

# ---------------------------------------------------------------- the cost of a task (UHOP_SPARK_CHECK_BENCH=1)
if [[ "${UHOP_SPARK_CHECK_BENCH:-0}" == 1 ]]; then
  for m in "${masters[@]}"; do
    [[ "$m" == submit ]] && continue
    [[ "$m" == cluster ]] && m="spark://127.0.0.1:$port"
    UHOP_JAVA_OPTS="${UHOP_JAVA_OPTS} -Dspark.executor.memory=2g" timeout 600 "$UHOP_ENV_DIR/uhop-java" \
      org.uhopkit.spark.TaskOverheadBenchmark "$m" 48 3 >"$dir/bench.log" 2>&1 &
    run_pid=$!
    wait "$run_pid" || { run_pid=; tail -20 "$dir/bench.log" >&2; uhop_die "the task benchmark on $m failed"; }
    run_pid=
    grep -E 'session open|job' "$dir/bench.log" | sed 's/^/    /' >&2
  done
fi

# ---------------------------------------------------------------- same bytes, timings apart
set_dir() { find "$dir/$1" -mindepth 1 -maxdepth 1 -type d -print -quit; }
ref="$(set_dir local)"
[[ -n "$ref" && -f "$ref/timings.json" ]] || uhop_die "no result set in $(uhop_rel "$dir/local")"
status=0
for name in "${names[@]}"; do
  other="$(set_dir "$name")"
  if [[ -z "$other" || "$(basename "$other")" != "$(basename "$ref")" ]]; then
    uhop_log "FAIL $name: no result set $(basename "$ref") in $(uhop_rel "$dir/$name")"
    status=1
  elif ! diff <(cd "$ref" && ls) <(cd "$other" && ls) >/dev/null || ! diff -r -q -x timings.csv -x timings.json "$ref" "$other" >&2; then
    uhop_log "FAIL $name: the result set differs from the one-process run (apart from the timings)"
    status=1
  else
    n="$(find "$other" -type f ! -name 'timings.*' | wc -l)"
    uhop_log "ok $name: $n files byte-identical to the one-process run (timings apart)"
  fi
done
stop_cluster
((status == 0)) || uhop_die "the Spark runs do not reproduce the one-process run"
uhop_log "done in $(uhop_elapsed "$t_start") s"
