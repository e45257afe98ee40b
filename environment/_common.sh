# shellcheck shell=bash
# Shared settings for the scripts in environment/. Sourced, never executed.

UHOP_ENV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
UHOP_ROOT="$(dirname "$UHOP_ENV_DIR")"
UHOP_KIT_DIR="$UHOP_ROOT/uhop-kit"
UHOP_KIT_CLASSES="$UHOP_KIT_DIR/target/classes"
UHOP_KIT_LIB="$UHOP_KIT_DIR/target/lib"
# The optional Spark module (uhop-spark/): its classes and target/classpath.txt, the class path of Spark and
# the kit's dependencies resolved together (paths into the local Maven repository).
UHOP_SPARK_DIR="$UHOP_ROOT/uhop-spark"
UHOP_SPARK_CLASSES="$UHOP_SPARK_DIR/target/classes"
UHOP_SPARK_CP_FILE="$UHOP_SPARK_DIR/target/classpath.txt"
UHOP_BUILD_DIR="${UHOP_BUILD_DIR:-$UHOP_ROOT/build}"   # generated outputs (git-ignored)
UHOP_STATE_DIR="$UHOP_ENV_DIR/.state"          # stamps (git-ignored)

UHOP_RJK_VERSION="3.0.1"
UHOP_RJK_DIR="$UHOP_ENV_DIR/kernel"            # the kernel jar (git-ignored)
UHOP_RJK_JAR="$UHOP_RJK_DIR/rapaio-jupyter-kernel-$UHOP_RJK_VERSION.jar"
UHOP_RJK_LAUNCHER_SRC="$UHOP_ENV_DIR/kernel-launcher/UhopKernelMain.java"
UHOP_RJK_LAUNCHER_DIR="$UHOP_RJK_DIR/launcher"   # compiled UhopKernelMain (git-ignored)
UHOP_KERNEL_NAME="uhop-java"
UHOP_KERNEL_DISPLAY="Java (uhop-kit)"
UHOP_JUPYTER_PATH="$UHOP_ENV_DIR/.jupyter"     # project-local JUPYTER_PATH (git-ignored)

# npm packages of the project (environment/e2e/package.json, installed by setup.sh with npm ci):
# playwright-core for the browser test, and the minified plotly.js that exported pages share.
UHOP_NODE_DIR="$UHOP_ENV_DIR/e2e"
UHOP_PLOTLY_MIN="$UHOP_NODE_DIR/node_modules/plotly.js-dist-min/plotly.min.js"
UHOP_MATHJAX_DIR=/usr/share/javascript/mathjax          # Debian's libjs-mathjax (2.7)
UHOP_REQUIREJS=/usr/share/javascript/requirejs/require.min.js

# Heap etc. for every kit JVM (kernel, jshell, CLI). Override from the environment.
UHOP_JAVA_OPTS="${UHOP_JAVA_OPTS:--XX:MaxRAMPercentage=50 -Djava.awt.headless=true}"

# Jupyter lives on Debian's python, not the pyenv python3 first on PATH.
UHOP_PY=/usr/bin/python3
UHOP_JUPYTER=/usr/bin/jupyter

# DJL must never call home: env var for every child process, plus -Dai.djl.offline=true on every JVM.
export DJL_OFFLINE=true
# MKL (inside PyTorch) picks alignment-dependent code paths; STRICT makes training reruns bit-identical
export MKL_CBWR="${MKL_CBWR:-AUTO,STRICT}"
# and a fixed number of MKL threads: under load MKL may otherwise use fewer, which changes its sums
export MKL_DYNAMIC="${MKL_DYNAMIC:-FALSE}"
export OPT_OUT_TRACKING=true
# Debian's debugpy (with the notebook server) warns about frozen modules whenever jupyter starts.
export PYDEVD_DISABLE_FILE_VALIDATION=1
UHOP_OFFLINE_PROP="-Dai.djl.offline=true"

# The JVM options Spark needs on Java 17: org.apache.spark.launcher.JavaModuleOptions of Spark 4.0.1 (the
# test SparkJvmOptionsTest checks this list against it). Every JVM that runs Spark gets them: the driver
# (reproduce --spark), the standalone master and worker (e2e/spark-check.sh); Spark itself adds them to
# the executors it starts.
UHOP_SPARK_JAVA_OPTS="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
-Dio.netty.tryReflectionSetAccessible=true"

uhop_log() { printf '[%s] %s\n' "${UHOP_SCRIPT:-$(basename "$0")}" "$*" >&2; }
uhop_die() { uhop_log "ERROR: $*"; exit 1; }

# The kit finds its data folder by searching upwards from the working directory; give the
# launchers the repository's one when the caller did not choose (so they work from any cwd).
uhop_export_data_dir() {
  if [[ -z "${UHOP_DATA:-}" && -f "$UHOP_ROOT/data/PROVENANCE.md" ]]; then
    export UHOP_DATA="$UHOP_ROOT/data"
  fi
}

# Seconds since epoch with millis, for timings.
uhop_now() { date +%s.%N; }
uhop_elapsed() { awk -v a="$1" -v b="$(uhop_now)" 'BEGIN { printf "%.1f", b - a }'; }

# mvn in batch mode; output to stderr (keeps launchers' stdout clean) without the stray ANSI
# resets Maven 3.8 prints even with -B -q.
uhop_mvn() {
  command -v mvn >/dev/null || uhop_die "mvn not found (need Maven 3.8+ and JDK 17)"
  mvn -B -Dstyle.color=never "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' >&2
}

# Runs the Maven build that produces target/classes, the kit jar and target/lib/*.jar, and every other
# module of the root pom (uhop-spark: its classes, jar and target/classpath.txt).
uhop_build_kit() {
  uhop_log "building the kit and its modules: mvn -q -B -f $UHOP_ROOT/pom.xml package -DskipTests"
  local t0; t0="$(uhop_now)"
  uhop_mvn -q -f "$UHOP_ROOT/pom.xml" package -DskipTests || uhop_die "kit build failed (mvn package)"
  mkdir -p "$UHOP_STATE_DIR"
  touch "$UHOP_STATE_DIR/kit-built.stamp"
  uhop_log "kit built in $(uhop_elapsed "$t0") s"
}

# Builds the kit when target/classes or target/lib is missing, or when sources/poms changed
# since the last build made by these scripts. Fast (a find) when up to date.
uhop_ensure_kit() {
  local stamp="$UHOP_STATE_DIR/kit-built.stamp"
  if [[ ! -d "$UHOP_KIT_CLASSES" ]] || ! compgen -G "$UHOP_KIT_LIB/*.jar" >/dev/null || [[ ! -f "$stamp" ]] \
     || [[ -f "$UHOP_SPARK_DIR/pom.xml" && ! -s "$UHOP_SPARK_CP_FILE" ]]; then
    uhop_build_kit
  elif [[ -n "$(find "$UHOP_KIT_DIR/src/main" "$UHOP_KIT_DIR/pom.xml" "$UHOP_ROOT/pom.xml" \
                $([[ -d "$UHOP_SPARK_DIR" ]] && echo "$UHOP_SPARK_DIR/src/main" "$UHOP_SPARK_DIR/pom.xml") \
                -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    uhop_log "kit sources changed since the last build"
    uhop_build_kit
  fi
}

# Kit class path with the given separator: classes dir, then every jar in target/lib.
uhop_kit_classpath() {
  local sep="${1:-:}" cp="$UHOP_KIT_CLASSES" jar
  for jar in "$UHOP_KIT_LIB"/*.jar; do
    [[ -e "$jar" ]] && cp+="$sep$jar"
  done
  printf '%s' "$cp"
}

# Whether the Spark module is built (its classes and class path file exist).
uhop_spark_built() {
  [[ -d "$UHOP_SPARK_CLASSES" && -s "$UHOP_SPARK_CP_FILE" ]]
}

# The class path for running the kit with Spark (separator ':'): the kit's classes, the Spark module's
# classes, then Spark and the kit's dependencies as resolved together for the module (the kit's
# target/lib is left out: Maven picks one version of a library both use, e.g. Jackson).
uhop_spark_classpath() {
  printf '%s:%s:%s' "$UHOP_KIT_CLASSES" "$UHOP_SPARK_CLASSES" "$(tr -d '\n' < "$UHOP_SPARK_CP_FILE")"
}

# Packages under org.uhopkit that have compiled classes (for jshell imports).
uhop_kit_packages() {
  [[ -d "$UHOP_KIT_CLASSES/org/uhopkit" ]] || return 0
  (cd "$UHOP_KIT_CLASSES" && find org/uhopkit -name '*.class' -printf '%h\n' | sort -u | tr '/' '.')
}

# Network isolation for notebook runs and the browser: a fresh network namespace with only
# loopback up (the Jupyter kernel talks ZMQ over 127.0.0.1), so nothing can reach the network
# even if something forgot to be offline. UHOP_ISOLATE_NET=auto (default: when unshare works,
# e.g. as root), 1 (required), 0 (off).
uhop_isolation_available() {
  if [[ -z "${_UHOP_NETNS_OK:-}" ]]; then
    _UHOP_NETNS_OK=0
    if command -v unshare >/dev/null && command -v ip >/dev/null \
       && unshare -n -- sh -c 'ip link set lo up' >/dev/null 2>&1; then
      _UHOP_NETNS_OK=1
    fi
  fi
  [[ "$_UHOP_NETNS_OK" == 1 ]]
}

uhop_isolation_mode() {
  case "${UHOP_ISOLATE_NET:-auto}" in
    0|no|false|off) echo off ;;
    1|yes|true|on) uhop_isolation_available || uhop_die "UHOP_ISOLATE_NET=1 but 'unshare -n' is not possible here"; echo on ;;
    *) if uhop_isolation_available; then echo on; else echo off; fi ;;
  esac
}

# uhop_run_offline CMD ARGS...: run CMD inside the network namespace when isolation is on.
uhop_run_offline() {
  if [[ "${UHOP_NET_MODE:=$(uhop_isolation_mode)}" == on ]]; then
    unshare -n -- sh -c 'ip link set lo up && exec "$@"' uhop-netns "$@"
  else
    "$@"
  fi
}

# Path for messages: relative to the repo root when inside it.
uhop_rel() { local p="$1"; [[ "$p" == "$UHOP_ROOT/"* ]] && p="${p#"$UHOP_ROOT"/}"; printf '%s' "$p"; }

uhop_strip_ansi() { sed -u 's/\x1b\[[0-9;]*[A-Za-z]//g'; }

# uhop_html_assets DIR: the files exported pages share, copied once into DIR (build/html/assets):
# require.js and the part of Debian's MathJax 2.7 that TeX-AMS_HTML uses (TeX input, HTML-CSS output
# with the TeX fonts, menus), about 2 MB instead of the package's 54 MB. plotly.js and the CSS are
# added by '_nbtools.py share-assets' as pages come.
uhop_html_assets() {
  local dir="$1" mj="$UHOP_MATHJAX_DIR" part
  [[ -f "$mj/MathJax.js" ]] || uhop_die "MathJax not found at $mj (Debian's libjs-mathjax): run environment/setup.sh"
  [[ -f "$UHOP_REQUIREJS" ]] || uhop_die "require.js not found at $UHOP_REQUIREJS (libjs-requirejs): run environment/setup.sh"
  mkdir -p "$dir"
  [[ -f "$dir/require.min.js" ]] || cp "$UHOP_REQUIREJS" "$dir/require.min.js"
  [[ -f "$dir/mathjax/MathJax.js" ]] && return 0
  local tmp="$dir/mathjax.tmp.$$"
  rm -rf "$tmp"
  for part in MathJax.js config/TeX-AMS_HTML.js extensions localization/en jax/input/TeX jax/element \
              jax/output/HTML-CSS/jax.js jax/output/HTML-CSS/config.js jax/output/HTML-CSS/imageFonts.js \
              jax/output/HTML-CSS/autoload jax/output/HTML-CSS/fonts/TeX fonts/HTML-CSS/TeX/woff; do
    [[ -e "$mj/$part" ]] || uhop_die "MathJax part missing: $mj/$part"
    mkdir -p "$tmp/$(dirname "$part")"
    cp -RL "$mj/$part" "$tmp/$part"     # -L: Debian links some files into other packages
  done
  rm -rf "$dir/mathjax"
  mv "$tmp" "$dir/mathjax"
}
