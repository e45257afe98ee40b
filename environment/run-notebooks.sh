#!/usr/bin/env bash
# Executes notebooks headlessly with the "uhop-java" kernel and exports them to HTML.
#   environment/run-notebooks.sh                 all notebooks/*.ipynb
#   environment/run-notebooks.sh a.ipynb ...     just these
# Executed copies go to build/notebooks/, HTML to build/html/, logs to build/logs/.
# The stored notebooks are never modified; they must be output-free (checked first).
# The pages share one copy of plotly.js, MathJax, require.js and the CSS under build/html/assets/;
# then check-render.sh checks the new pages and writes the gallery build/html/index.html.
# Env: UHOP_CELL_TIMEOUT (s per cell, default 1800), UHOP_KERNEL_STARTUP_TIMEOUT (s, default 120),
#      UHOP_ISOLATE_NET (auto|1|0), UHOP_RENDER_CHECK (1, or 0 to skip the render check).
set -euo pipefail
UHOP_SCRIPT=run-notebooks.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

cell_timeout="${UHOP_CELL_TIMEOUT:-1800}"
startup_timeout="${UHOP_KERNEL_STARTUP_TIMEOUT:-120}"
nb_dir="$UHOP_ROOT/notebooks"
out_nb="$UHOP_BUILD_DIR/notebooks"
out_html="$UHOP_BUILD_DIR/html"
out_log="$UHOP_BUILD_DIR/logs"

# ---------------------------------------------------------------- which notebooks
notebooks=()
run_all=0
if (($# > 0)); then
  for a in "$@"; do
    [[ -f "$a" && "$a" == *.ipynb ]] || uhop_die "not a notebook file: $a"
    notebooks+=("$(cd "$(dirname "$a")" && pwd -P)/$(basename "$a")")
  done
else
  run_all=1
  shopt -s nullglob
  notebooks=("$nb_dir"/*.ipynb)
  shopt -u nullglob
fi
if ((${#notebooks[@]} == 0)); then
  uhop_die "no notebooks in $(uhop_rel "$nb_dir")/"
fi
dups="$(for nb in "${notebooks[@]}"; do basename "$nb"; done | sort | uniq -d)"
[[ -z "$dups" ]] || uhop_die "notebooks with the same file name (outputs would collide): $dups"

# ---------------------------------------------------------------- stored notebooks are output-free
shopt -s nullglob
stored=("$nb_dir"/*.ipynb)
shopt -u nullglob
if ! dirty="$("$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" clean-check "${stored[@]}" "${notebooks[@]}" | sort -u)"; then
  uhop_log "FAILED: stored notebooks must have no outputs and no execution counts:"
  while IFS= read -r line; do uhop_log "  $(uhop_rel "$line")"; done <<<"$dirty"
  uhop_log "clear them with: /usr/bin/jupyter nbconvert --clear-output --inplace <notebook.ipynb>"
  exit 1
fi

# ---------------------------------------------------------------- prerequisites
spec="$UHOP_JUPYTER_PATH/kernels/$UHOP_KERNEL_NAME/kernel.json"
[[ -f "$spec" && -f "$UHOP_RJK_JAR" && -x "$UHOP_JUPYTER" ]] \
  || uhop_die "the Jupyter kernel is not set up: run environment/setup.sh first"
uhop_ensure_kit
export JUPYTER_PATH="$UHOP_JUPYTER_PATH${JUPYTER_PATH:+:$JUPYTER_PATH}"
UHOP_NET_MODE="$(uhop_isolation_mode)"
uhop_log "kernel '$UHOP_KERNEL_NAME', cell timeout ${cell_timeout}s, network isolation: $UHOP_NET_MODE"

[[ -f "$UHOP_PLOTLY_MIN" ]] || uhop_die "the shared plotly.js is missing ($(uhop_rel "$UHOP_PLOTLY_MIN")): run environment/setup.sh"
if ((run_all)); then rm -rf "$out_nb" "$out_html"; fi
mkdir -p "$out_nb" "$out_html" "$out_log"
uhop_html_assets "$out_html/assets"
runs="$out_log/notebook-runs.json"      # wall time of each notebook's last successful run (for the gallery)
if ((run_all)); then rm -f "$runs"; fi

# ---------------------------------------------------------------- run
failed=()
summary=()
t_all="$(uhop_now)"
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  shown="$(uhop_rel "$nb")"
  rm -f "$out_nb/$name.ipynb" "$out_html/$name.html"
  log="$out_log/$name.execute.log"
  uhop_log "executing $shown ..."
  t0="$(uhop_now)"
  for attempt in 1 2; do
    set +e
    uhop_run_offline "$UHOP_JUPYTER" nbconvert --to notebook --execute \
      --ExecutePreprocessor.timeout="$cell_timeout" \
      --ExecutePreprocessor.startup_timeout="$startup_timeout" \
      --ExecutePreprocessor.kernel_name="$UHOP_KERNEL_NAME" \
      --output-dir "$out_nb" --output "$name" "$nb" </dev/null >"$log" 2>&1
    rc=$?
    set -e
    # Retry once only when the kernel never came up (not for errors in cells).
    if ((rc != 0)) && ((attempt == 1)) && grep -q -E "Kernel didn't respond|Kernel died before replying" "$log"; then
      uhop_log "kernel did not start for $shown; retrying once (log: $(uhop_rel "$log"))"
      cp "$log" "$out_log/$name.execute.attempt1.log"
      continue
    fi
    break
  done
  t_exec="$(uhop_elapsed "$t0")"
  if ((rc != 0)); then
    rm -f "$out_nb/$name.ipynb"
    uhop_log "FAILED: $shown (exit $rc after ${t_exec}s); full log: $(uhop_rel "$log")"
    # The nbclient error message: failing cell source + Java error, without kernel chatter.
    if grep -q -E "CellExecutionError|CellTimeoutError|DeadKernelError|RuntimeError|Error:" "$log"; then
      sed -n '/^nbclient\.exceptions\.\|^[A-Za-z.]*Error: \|^RuntimeError/,$p' "$log" | uhop_strip_ansi \
        | grep -v -E '^\[[0-9]{4}-[0-9]{2}-[0-9]{2} |^\[NbConvertApp\]' | head -n 60 | sed 's/^/    | /' >&2
    else
      tail -n 30 "$log" | uhop_strip_ansi | sed 's/^/    | /' >&2
    fi
    failed+=("$shown")
    summary+=("$(printf '%-40s FAILED   exec %6ss' "$name" "$t_exec")")
    continue
  fi
  if ! errs="$("$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" errors "$out_nb/$name.ipynb")"; then
    uhop_log "FAILED: $shown has error outputs:"
    printf '%s\n' "$errs" | head -n 40 | sed 's/^/    | /' >&2
    rm -f "$out_nb/$name.ipynb"
    failed+=("$shown")
    summary+=("$(printf '%-40s FAILED   exec %6ss' "$name" "$t_exec")")
    continue
  fi
  t1="$(uhop_now)"
  # Offline pages that share one copy of require.js, MathJax, plotly.js and nbconvert's CSS under
  # build/html/assets/ (relative links), instead of ~11 MB of inlined plotly.js + CSS in every page.
  if ! "$UHOP_JUPYTER" nbconvert --to html \
       --HTMLExporter.mathjax_url="assets/mathjax/MathJax.js?config=TeX-AMS_HTML" \
       --HTMLExporter.require_js_url="assets/require.min.js" \
       --output-dir "$out_html" --output "$name" \
       "$out_nb/$name.ipynb" </dev/null >"$out_log/$name.html.log" 2>&1 \
     || ! "$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" share-assets "$out_html/$name.html" "$out_html/assets" \
       "$UHOP_PLOTLY_MIN" >>"$out_log/$name.html.log" 2>&1; then
    uhop_log "FAILED: HTML export of $shown; log: $(uhop_rel "$out_log/$name.html.log")"
    tail -n 20 "$out_log/$name.html.log" | sed 's/^/    | /' >&2
    failed+=("$shown")
    summary+=("$(printf '%-40s FAILED   exec %6ss  (html export)' "$name" "$t_exec")")
    continue
  fi
  t_html="$(uhop_elapsed "$t1")"
  "$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" record-run "$runs" "$name" "$t_exec"
  uhop_log "ok: $shown executed in ${t_exec}s, html in ${t_html}s -> $(uhop_rel "$out_html/$name.html")"
  summary+=("$(printf '%-40s ok       exec %6ss  html %5ss' "$name" "$t_exec" "$t_html")")
done

uhop_log "summary (wall time; total $(uhop_elapsed "$t_all")s):"
for s in "${summary[@]}"; do uhop_log "  $s"; done
if ((${#failed[@]})); then
  uhop_log "FAILED notebooks (${#failed[@]} of ${#notebooks[@]}): ${failed[*]}"
  exit 1
fi
uhop_log "all ${#notebooks[@]} notebook(s) ran without errors"

# The render check of the new pages: every figure draws in a browser; its screenshots give the
# gallery (build/html/index.html) its thumbnails. UHOP_RENDER_CHECK=0 skips it (and the thumbnails).
if [[ "${UHOP_RENDER_CHECK:-1}" != 0 ]]; then
  pages=()
  for nb in "${notebooks[@]}"; do pages+=("$out_html/$(basename "$nb" .ipynb).html"); done
  bash "$UHOP_ENV_DIR/check-render.sh" "${pages[@]}" || exit 1
else
  "$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" gallery "$UHOP_ROOT" "$UHOP_BUILD_DIR" >/dev/null
  uhop_log "render check skipped (UHOP_RENDER_CHECK=0); gallery: $(uhop_rel "$out_html/index.html")"
fi
