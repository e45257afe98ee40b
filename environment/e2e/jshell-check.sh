#!/usr/bin/env bash
# Checks environment/uhop-jshell in both execution modes: the default (snippets in a second JVM)
# and --execution local (snippets in jshell's own JVM). Each run executes jshell-smoke.jsh, which
# stores memories, retrieves them and compares with the closed form; the run passes only if it
# prints "UHOP_JSHELL_SMOKE ok" and ran in the expected mode.
set -euo pipefail
UHOP_SCRIPT=jshell-check.sh
source "$(dirname "${BASH_SOURCE[0]}")/../_common.sh"

script="$UHOP_ENV_DIR/e2e/jshell-smoke.jsh"
log_dir="$UHOP_BUILD_DIR/logs"
mkdir -p "$log_dir"
status=0
for mode in remote local; do
  args=()
  [[ "$mode" == local ]] && args=(--execution local)
  log="$log_dir/jshell-$mode.log"
  t0="$(uhop_now)"
  set +e
  timeout 300 "$UHOP_ENV_DIR/uhop-jshell" "${args[@]}" "$script" </dev/null >"$log" 2>&1
  rc=$?
  set -e
  line="$(grep -a '^UHOP_JSHELL_SMOKE ' "$log" | tail -n 1 || true)"
  if ((rc == 0)) && [[ "$line" == "UHOP_JSHELL_SMOKE ok mode=$mode "* ]]; then
    uhop_log "ok: uhop-jshell ${args[*]:-(default)}: ${line#UHOP_JSHELL_SMOKE ok } ($(uhop_elapsed "$t0")s)"
  else
    uhop_log "FAILED: uhop-jshell ${args[*]:-(default)} (exit $rc): ${line:-no verdict line}; log: $(uhop_rel "$log")"
    tail -n 20 "$log" | sed 's/^/    | /' >&2
    status=1
  fi
done
exit "$status"
