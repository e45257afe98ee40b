#!/usr/bin/env bash
# Sets up this machine for the project: Debian packages (Jupyter and its notebook server, Chromium,
# Node.js when missing), the npm packages of environment/e2e, the kit build (every module of the root pom:
# uhop-kit and the optional Spark module uhop-spark), the rapaio Java kernel jar
# and the "uhop-java" Jupyter kernelspec. Idempotent; fast when done.
set -euo pipefail
UHOP_SCRIPT=setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

t_start="$(uhop_now)"

# ---------------------------------------------------------------- 1. Debian packages
# libjs-requirejs: the HTML export then loads require.js exactly as on a machine with jupyter-notebook
# installed, so the render check also covers the require.js trap (plotly.js needs its AMD guard).
# jupyter-notebook: Debian's notebook server (6.4) for interactive use (environment/notebook), offline.
# python3-pil: thumbnails for the gallery. Node.js and npm (for the browser test's playwright-core and
# the shared plotly.js) come from Debian only when the machine has no node of its own.
apt_pkgs=(jupyter-nbconvert jupyter-client python3-nbclient jupyter-notebook chromium libjs-requirejs libjs-mathjax
          python3-pil)
command -v mvn >/dev/null || apt_pkgs+=(maven)
command -v javac >/dev/null || apt_pkgs+=(openjdk-17-jdk-headless)
command -v node >/dev/null || apt_pkgs+=(nodejs)
command -v npm >/dev/null || apt_pkgs+=(npm)

missing=()
for p in "${apt_pkgs[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  uhop_log "apt packages present: ${apt_pkgs[*]}"
else
  install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ "$(id -u)" != 0 ]]; then
    uhop_log "missing Debian packages: ${missing[*]}"
    uhop_log "run as root:  apt-get update && $install_cmd"
    uhop_die "cannot install packages without root"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-o DPkg::Lock::Timeout=900 -q)   # wait for another apt/dpkg instead of failing
  # 'apt-get update' only when the package lists are missing or lack a candidate for a package.
  need_update=0
  for p in "${missing[@]}"; do
    cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
    if [[ -z "$cand" || "$cand" == "(none)" ]]; then need_update=1; break; fi
  done
  if ((need_update)); then
    uhop_log "apt-get update"
    apt-get "${apt_opts[@]}" update
  fi
  uhop_log "$install_cmd"
  t0="$(uhop_now)"
  # shellcheck disable=SC2086
  apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
  uhop_log "apt packages installed in $(uhop_elapsed "$t0") s"
fi

[[ -x "$UHOP_JUPYTER" ]] || uhop_die "$UHOP_JUPYTER not found (package jupyter-core/jupyter-nbconvert)"
command -v chromium >/dev/null || uhop_die "chromium not found"
"$UHOP_PY" -c 'import notebook, PIL' 2>/dev/null || uhop_die "Debian's jupyter-notebook or python3-pil is missing"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
((node_major >= 18)) || uhop_die "need Node.js 18+, found '$(node --version 2>/dev/null || echo none)'"

# ---------------------------------------------------------------- npm packages (pinned: package-lock.json)
# playwright-core drives Debian's Chromium (it downloads no browser), plotly.js-dist-min is the one copy
# of plotly.js that exported pages share. npm ci only when the lock file changed since the last install.
npm_stamp="$UHOP_NODE_DIR/node_modules/.uhop-installed"
if [[ -f "$npm_stamp" && "$npm_stamp" -nt "$UHOP_NODE_DIR/package-lock.json" && "$npm_stamp" -nt "$UHOP_NODE_DIR/package.json" \
      && -f "$UHOP_PLOTLY_MIN" && -d "$UHOP_NODE_DIR/node_modules/playwright-core" ]]; then
  uhop_log "npm packages up to date: $(uhop_rel "$UHOP_NODE_DIR")/node_modules"
else
  uhop_log "npm ci in $(uhop_rel "$UHOP_NODE_DIR") (playwright-core, plotly.js-dist-min; no browser download)"
  t0="$(uhop_now)"
  (cd "$UHOP_NODE_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null >&2) || uhop_die "npm ci failed"
  [[ -f "$UHOP_PLOTLY_MIN" ]] || uhop_die "npm ci did not install $(uhop_rel "$UHOP_PLOTLY_MIN")"
  touch "$npm_stamp"
  uhop_log "npm packages installed in $(uhop_elapsed "$t0") s"
fi
java_major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')"
[[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || uhop_die "need Java 17+, found '${java_major:-none}'"

# ---------------------------------------------------------------- 2. build the kit (when its sources changed)
uhop_ensure_kit

# ---------------------------------------------------------------- 3. the Java kernel jar
if [[ -s "$UHOP_RJK_JAR" ]] && /usr/bin/python3 -m zipfile -t "$UHOP_RJK_JAR" >/dev/null 2>&1; then
  uhop_log "kernel jar present: ${UHOP_RJK_JAR#"$UHOP_ROOT"/}"
else
  mkdir -p "$UHOP_RJK_DIR"
  uhop_log "fetching io.github.padreati:rapaio-jupyter-kernel:$UHOP_RJK_VERSION from Maven Central"
  # Run outside any project (environment/kernel has no pom.xml); pin the plugin version.
  (cd "$UHOP_RJK_DIR" && uhop_mvn -q \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$UHOP_RJK_VERSION" \
    -DoutputDirectory="$UHOP_RJK_DIR") || uhop_die "could not fetch the kernel jar"
  [[ -s "$UHOP_RJK_JAR" ]] || uhop_die "kernel jar missing after download: $UHOP_RJK_JAR"
fi

# Our launcher for it: rapaio's MainApp minus two startup races (see UhopKernelMain.java).
launcher_class="$UHOP_RJK_LAUNCHER_DIR/UhopKernelMain.class"
display_src="$UHOP_ENV_DIR/kernel-launcher/UhopDisplay.java"   # tables, figures, multi-line text
if [[ -f "$launcher_class" && "$launcher_class" -nt "$UHOP_RJK_LAUNCHER_SRC" && "$launcher_class" -nt "$UHOP_RJK_JAR" \
      && "$launcher_class" -nt "$display_src" ]]; then
  uhop_log "kernel launcher up to date"
else
  rm -rf "$UHOP_RJK_LAUNCHER_DIR"
  mkdir -p "$UHOP_RJK_LAUNCHER_DIR"
  javac -nowarn -d "$UHOP_RJK_LAUNCHER_DIR" -cp "$UHOP_RJK_JAR" "$display_src" "$UHOP_RJK_LAUNCHER_SRC" \
    || uhop_die "could not compile $(uhop_rel "$UHOP_RJK_LAUNCHER_SRC")"
  # the kernel finds display extensions with a ServiceLoader on its own class path
  mkdir -p "$UHOP_RJK_LAUNCHER_DIR/META-INF/services"
  echo UhopDisplay > "$UHOP_RJK_LAUNCHER_DIR/META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider"
  uhop_log "compiled kernel launcher into $(uhop_rel "$UHOP_RJK_LAUNCHER_DIR")"
fi

# ---------------------------------------------------------------- 4. the kernelspec
spec_dir="$UHOP_JUPYTER_PATH/kernels/$UHOP_KERNEL_NAME"
mkdir -p "$spec_dir"
# The kernel starts through kernel-launcher/uhop-kernel, which reads UHOP_JAVA_OPTS, JAVA_HOME and
# the kit's class path when the kernel starts (so changing them needs no new setup), and runs our
# UhopKernelMain with -Dai.djl.offline=true.
tmp_spec="$(mktemp)"
LAUNCHER="$UHOP_ENV_DIR/kernel-launcher/uhop-kernel" DISPLAY_NAME="$UHOP_KERNEL_DISPLAY" \
"$UHOP_PY" - >"$tmp_spec" <<'PY'
import json, os
e = os.environ
spec = {
    "argv": ["/bin/bash", e["LAUNCHER"], "{connection_file}"],
    "display_name": e["DISPLAY_NAME"],
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "DJL_OFFLINE": "true",
        "MKL_CBWR": "AUTO,STRICT",
        "MKL_DYNAMIC": "FALSE",
        "OPT_OUT_TRACKING": "true",
    },
    "metadata": {"debugger": False},
}
print(json.dumps(spec, indent=2))
PY
if cmp -s "$tmp_spec" "$spec_dir/kernel.json"; then
  rm -f "$tmp_spec"
  uhop_log "kernelspec up to date: ${spec_dir#"$UHOP_ROOT"/}/kernel.json"
else
  mv "$tmp_spec" "$spec_dir/kernel.json"
  chmod 644 "$spec_dir/kernel.json"
  uhop_log "wrote kernelspec: ${spec_dir#"$UHOP_ROOT"/}/kernel.json"
fi

# Also install it for interactive use (jupyter notebook / lab without JUPYTER_PATH).
user_data_dir="$("$UHOP_JUPYTER" --data-dir)"
if cmp -s "$spec_dir/kernel.json" "$user_data_dir/kernels/$UHOP_KERNEL_NAME/kernel.json"; then
  uhop_log "user kernelspec up to date: $user_data_dir/kernels/$UHOP_KERNEL_NAME"
else
  "$UHOP_JUPYTER" kernelspec install --user --replace --name "$UHOP_KERNEL_NAME" "$spec_dir" >/dev/null 2>&1 \
    || uhop_die "jupyter kernelspec install failed"
  uhop_log "installed kernelspec '$UHOP_KERNEL_NAME' into $user_data_dir/kernels/$UHOP_KERNEL_NAME"
fi

# (the list is read whole first: 'grep -q' on the pipe could close it early and fail under pipefail)
specs="$(JUPYTER_PATH="$UHOP_JUPYTER_PATH${JUPYTER_PATH:+:$JUPYTER_PATH}" "$UHOP_JUPYTER" kernelspec list 2>/dev/null || true)"
grep -q "^ *$UHOP_KERNEL_NAME " <<<"$specs" || uhop_die "kernelspec '$UHOP_KERNEL_NAME' not visible to jupyter"

uhop_log "done in $(uhop_elapsed "$t_start") s"
