#!/usr/bin/env bash
# Checks that every Plotly figure in the exported notebooks really renders in a browser.
#   environment/check-render.sh                 all build/html/*.html but the gallery (index.html)
#   environment/check-render.sh page.html ...   just these
# For each page: headless Chromium (offline) runs the page's scripts and dumps the DOM; every
# figure div must then contain Plotly's <svg class="main-svg">, and every formula of the markdown must
# be typeset by MathJax. Figure divs = elements with the
# marker class "uhop-figure" plus every element id an inline script passes to Plotly.newPlot /
# Plotly.react. A page without figures fails (every notebook here has some). Screenshots go to build/screenshots/<name>.png.
# Env: UHOP_RENDER_BUDGET_MS (virtual time for scripts, default 10000), UHOP_ISOLATE_NET (auto|1|0).
set -euo pipefail
UHOP_SCRIPT=check-render.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

budget_ms="${UHOP_RENDER_BUDGET_MS:-10000}"
html_dir="$UHOP_BUILD_DIR/html"
shot_dir="$UHOP_BUILD_DIR/screenshots"
log_dir="$UHOP_BUILD_DIR/logs"

pages=()
if (($# > 0)); then
  for a in "$@"; do
    [[ -f "$a" ]] || uhop_die "no such file: $a"
    pages+=("$(cd "$(dirname "$a")" && pwd -P)/$(basename "$a")")
  done
else
  shopt -s nullglob
  for p in "$html_dir"/*.html; do
    [[ "$(basename "$p")" == index.html ]] || pages+=("$(cd "$(dirname "$p")" && pwd -P)/$(basename "$p")")
  done
  shopt -u nullglob
fi
if ((${#pages[@]} == 0)); then
  uhop_die "no HTML pages in $(uhop_rel "$html_dir")/ - run environment/run-notebooks.sh first"
fi

chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$chromium_bin" ]] || uhop_die "chromium not found: run environment/setup.sh"
UHOP_NET_MODE="$(uhop_isolation_mode)"
mkdir -p "$shot_dir" "$log_dir"
work="$(mktemp -d)"
probes=()
trap 'rm -rf "$work"; ((${#probes[@]})) && rm -f "${probes[@]}"' EXIT
uhop_log "checking ${#pages[@]} page(s) with $(basename "$chromium_bin"), network isolation: $UHOP_NET_MODE"

failed=()
t_all="$(uhop_now)"
for page in "${pages[@]}"; do
  name="$(basename "$page" .html)"
  shown="$(uhop_rel "$page")"
  t0="$(uhop_now)"
  height="$("$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" analyze "$page" "$work/$name.json")"
  profile="$(mktemp -d "$work/profile.XXXXXX")"
  # The browser opens a copy beside the page (same relative links) with one more script at the end:
  # it only records where the first drawn figure sits, for the gallery's thumbnail.
  probe="$(dirname "$page")/.uhop-render-$name.html"
  probes+=("$probe")
  "$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" probe "$page" "$probe"
  set +e
  uhop_run_offline timeout 180 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-default-apps --disable-extensions --no-default-browser-check --mute-audio \
    --user-data-dir="$profile" --virtual-time-budget="$budget_ms" \
    --enable-logging=stderr --v=0 \
    --hide-scrollbars --window-size="1200,$height" --screenshot="$shot_dir/$name.png" \
    --dump-dom "file://$probe" </dev/null >"$work/$name.dom.html" 2>"$log_dir/$name.chromium.log"
  rc=$?
  set -e
  rm -f "$probe"
  "$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" figure-top "$work/$name.dom.html" >"$shot_dir/$name.figure-top" || true
  if ((rc != 0)); then
    uhop_log "FAILED: $shown: chromium exited with $rc; log: $(uhop_rel "$log_dir/$name.chromium.log")"
    failed+=("$shown")
    continue
  fi
  set +e
  verdict="$("$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" verify "$work/$name.json" "$work/$name.dom.html")"
  vrc=$?
  set -e
  counts="$(head -n 1 <<<"$verdict")"
  secs="$(uhop_elapsed "$t0")"
  if ((vrc != 0)); then
    uhop_log "FAILED: $shown: $counts (${secs}s)"
    tail -n +2 <<<"$verdict" | sed 's/^/    | /' >&2
    # Browser console messages often say why (e.g. "Plotly is not defined").
    grep -E 'CONSOLE.*source: file:|Uncaught' "$log_dir/$name.chromium.log" | head -n 10 | sed 's/^/    | /' >&2 || true
    uhop_log "  screenshot: $(uhop_rel "$shot_dir/$name.png")"
    failed+=("$shown")
  else
    uhop_log "ok: $shown: $counts (${secs}s), screenshot $(uhop_rel "$shot_dir/$name.png")"
  fi
done

# The gallery of build/html (thumbnails from these screenshots) when the pages checked are there.
if [[ "$(dirname "${pages[0]}")" == "$(cd "$html_dir" 2>/dev/null && pwd -P)" ]]; then
  shown_gallery="$("$UHOP_PY" "$UHOP_ENV_DIR/_nbtools.py" gallery "$UHOP_ROOT" "$UHOP_BUILD_DIR")" \
    || uhop_die "could not write the gallery $(uhop_rel "$html_dir/index.html")"
  uhop_log "gallery: $(uhop_rel "$html_dir/index.html") ($shown_gallery notebooks with pages)"
fi
if ((${#failed[@]})); then
  uhop_log "FAILED render check (${#failed[@]} of ${#pages[@]} pages): ${failed[*]}"
  exit 1
fi
uhop_log "all ${#pages[@]} page(s) render their figures and formulas (total $(uhop_elapsed "$t_all")s)"
