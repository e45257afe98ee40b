#!/usr/bin/env bash
# End-to-end test of the interactive path: environment/notebook starts the notebook server on a free
# loopback port, headless Chromium (Debian's, driven by playwright-core) opens the notebook, runs every
# cell through the menu, waits for the kernel to go idle and checks: no error output, every Plotly
# figure rendered (svg present), tables as HTML, formulas typeset, the kernel read UHOP_JAVA_OPTS when it
# started. Then it saves a screenshot and stops the server.
#   environment/e2e/notebook-e2e.sh                      notebooks/00-quickstart.ipynb
#   environment/e2e/notebook-e2e.sh path/to/nb.ipynb     another notebook
# The notebook is served from a copy under build/e2e/ (the stored one is never touched).
# Outputs: build/screenshots/e2e-<name>.png, build/logs/e2e-<name>.{server.log,json}.
# Env: UHOP_E2E_TIMEOUT (s for Run All, default 300), UHOP_ISOLATE_NET (auto|1|0).
set -euo pipefail
UHOP_SCRIPT=notebook-e2e.sh
source "$(dirname "${BASH_SOURCE[0]}")/../_common.sh"

e2e_dir="$UHOP_ENV_DIR/e2e"
nb="${1:-$UHOP_ROOT/notebooks/00-quickstart.ipynb}"
[[ -f "$nb" && "$nb" == *.ipynb ]] || uhop_die "not a notebook: $nb"
name="$(basename "$nb" .ipynb)"
log_dir="$UHOP_BUILD_DIR/logs"
shot="$UHOP_BUILD_DIR/screenshots/e2e-$name.png"
report="$log_dir/e2e-$name.json"
server_log="$log_dir/e2e-$name.server.log"

if [[ "${_UHOP_E2E_INNER:-}" != 1 ]]; then
  # ---------------------------------------------------------------- outer: checks, then the run itself
  command -v node >/dev/null || uhop_die "node not found: run environment/setup.sh"
  [[ -d "$e2e_dir/node_modules/playwright-core" ]] || uhop_die "playwright-core is not installed: run environment/setup.sh"
  chromium_bin="$(command -v chromium || true)"
  [[ -n "$chromium_bin" ]] || uhop_die "chromium not found: run environment/setup.sh"
  mkdir -p "$log_dir" "$(dirname "$shot")"
  rm -f "$shot" "$report"
  # The server's folder: a copy inside the repository (the kit finds data/ by searching upwards).
  serve_dir="$UHOP_BUILD_DIR/e2e/notebooks"
  rm -rf "$serve_dir"
  mkdir -p "$serve_dir"
  cp "$nb" "$serve_dir/"
  uhop_export_data_dir
  # Expected counts, when the headless run of the same notebook is at hand.
  expect="{}"
  if [[ -f "$UHOP_BUILD_DIR/notebooks/$name.ipynb" ]]; then
    expect="$("$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" counts "$UHOP_BUILD_DIR/notebooks/$name.ipynb")"
  fi
  export E2E_EXPECT="$expect" E2E_CHROMIUM="$chromium_bin" _UHOP_E2E_INNER=1 _UHOP_E2E_SERVE="$serve_dir"
  UHOP_NET_MODE="$(uhop_isolation_mode)"
  uhop_log "notebook $(uhop_rel "$nb"), network isolation: $UHOP_NET_MODE, expected from the headless run: $expect"
  exec_status=0
  uhop_run_offline bash "${BASH_SOURCE[0]}" "$nb" || exec_status=$?
  exit "$exec_status"
fi

# ---------------------------------------------------------------- inner: server, browser, stop
t0="$(uhop_now)"
work="$(mktemp -d)"
# A Jupyter of its own: no user config, runtime files or user kernelspecs; the kernel comes from the
# project's kernelspec (JUPYTER_PATH, set by environment/notebook) exactly as setup.sh wrote it.
export JUPYTER_CONFIG_DIR="$work/config" JUPYTER_RUNTIME_DIR="$work/runtime" JUPYTER_DATA_DIR="$work/data" \
  IPYTHONDIR="$work/ipython"
port="$("$UHOP_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
token="$("$UHOP_PY" -c 'import secrets; print(secrets.token_hex(24))')"
marker="e2e-$("$UHOP_PY" -c 'import secrets; print(secrets.token_hex(6))')"
# The kernel must pick this up when it starts (kernel.json does not contain it).
export UHOP_JAVA_OPTS="$UHOP_JAVA_OPTS -Duhop.e2e.marker=$marker"

"$UHOP_ENV_DIR/notebook" --no-browser --port "$port" --token "$token" --notebook-dir "$_UHOP_E2E_SERVE" \
  </dev/null >"$server_log" 2>&1 &
server=$!
cleanup() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$server" 2>/dev/null && { uhop_log "server still up after 20 s; killing it"; kill -KILL "$server" 2>/dev/null || true; }
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# environment/notebook prints the URL once the server answers.
for _ in $(seq 1 300); do
  grep -q "uhop-kit notebooks: http://127.0.0.1:$port/" "$server_log" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q "uhop-kit notebooks: http://127.0.0.1:$port/" "$server_log"; then
  uhop_log "FAILED: the notebook server did not start; log: $(uhop_rel "$server_log")"
  tail -n 20 "$server_log" | sed 's/^/    | /' >&2
  exit 1
fi
uhop_log "server up on 127.0.0.1:$port in $(uhop_elapsed "$t0")s"

set +e
E2E_BASE_URL="http://127.0.0.1:$port" E2E_TOKEN="$token" E2E_NOTEBOOK="$(basename "$nb")" \
E2E_SCREENSHOT="$shot" E2E_REPORT="$report" E2E_MARKER="$marker" E2E_KERNEL_DISPLAY="$UHOP_KERNEL_DISPLAY" \
E2E_TIMEOUT_S="${UHOP_E2E_TIMEOUT:-300}" \
  timeout $(( ${UHOP_E2E_TIMEOUT:-300} + 240 )) node "$e2e_dir/notebook-e2e.cjs"
rc=$?
set -e
if ((rc != 0)); then
  uhop_log "FAILED: $(uhop_rel "$nb") in the live notebook (exit $rc); server log: $(uhop_rel "$server_log")"
  grep -E 'Traceback|Error|ERROR|Exception|\[E ' "$server_log" | head -n 15 | sed 's/^/    | /' >&2 || true
  exit 1
fi
uhop_log "ok: $(uhop_rel "$nb") runs in the live notebook (${name}, $(uhop_elapsed "$t0")s); screenshot $(uhop_rel "$shot")"
