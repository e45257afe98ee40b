#!/usr/bin/env bash
# The full test: setup, unit tests, every notebook, render check of their HTML.
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
}

if ! step "setup" bash "$UHOP_ENV_DIR/setup.sh"; then
  summary
  exit 1
fi
step "unit tests" mvn -B -ntp -Dstyle.color=never -f "$UHOP_ROOT/pom.xml" test || true
step "notebooks" bash "$UHOP_ENV_DIR/run-notebooks.sh" || true
step "render check" bash "$UHOP_ENV_DIR/check-render.sh" || true
summary
exit "$status"
