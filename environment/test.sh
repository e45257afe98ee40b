#!/usr/bin/env bash
# The full test: setup, javadoc with doclint, unit tests, jshell in both execution modes, the Spark check
# (standalone master and worker on loopback), every notebook
# (executed headlessly, exported, render check, gallery), the gallery's links, and the live notebook
# driven in headless Chromium.
# Exits non-zero if any step fails; the last line summarises.
set -euo pipefail
UHOP_SCRIPT=test.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

t_start="$(uhop_now)"
results=()
status=0

step() {          # step <label> <command...>
  local label="$1" t0 rc
  shift
  echo
  uhop_log "=== $label"
  t0="$(uhop_now)"
  set +e
  "$@"
  rc=$?
  set -e
  if ((rc == 0)); then
    results+=("$label ok ($(uhop_elapsed "$t0")s)")
  else
    results+=("$label FAILED ($(uhop_elapsed "$t0")s)")
    status=1
  fi
  return "$rc"
}

summary() {
  local IFS=';'
  local line="${results[*]}"
  line="${line//;/, }"
  echo
  if ((status == 0)); then
    echo "test.sh: PASSED in $(uhop_elapsed "$t_start")s - $line"
  else
    echo "test.sh: FAILED in $(uhop_elapsed "$t_start")s - $line"
  fi
  local n_ok n_bad
  n_ok="$(printf '%s\n' "${results[@]}" | grep -c ' ok (' || true)"
  n_bad="$(printf '%s\n' "${results[@]}" | grep -c ' FAILED (' || true)"
  echo "steps: $n_ok passed, $n_bad failed"
}

if ! step "setup" bash "$UHOP_ENV_DIR/setup.sh"; then
  summary
  exit 1
fi
step "javadoc (doclint)" bash "$UHOP_ENV_DIR/check-javadoc.sh" || true
step "unit tests" mvn -B -ntp -Dstyle.color=never -f "$UHOP_ROOT/pom.xml" test || true
step "jshell (remote and local execution)" bash "$UHOP_ENV_DIR/e2e/jshell-check.sh" || true
# a standalone Spark master and worker on loopback; --spark runs compared with the one-process run
step "Spark (local[2] and a standalone cluster)" bash "$UHOP_ENV_DIR/e2e/spark-check.sh" || true
# executes every notebook, exports the HTML (shared assets), render check, gallery
step "notebooks + render check" bash "$UHOP_ENV_DIR/run-notebooks.sh" || true
step "gallery and links" "$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" gallery-check "$UHOP_ROOT" "$UHOP_BUILD_DIR" || true
step "live notebook in a browser" bash "$UHOP_ENV_DIR/e2e/notebook-e2e.sh" || true
summary
exit "$status"
