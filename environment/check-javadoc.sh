#!/usr/bin/env bash
# The API docs of the kit and its modules with doclint: mvn compile javadoc:javadoc (maven-javadoc-plugin pinned in the root pom;
# JDK 17's javadoc runs doclint by default). Fails on any javadoc error (malformed HTML, bad @link,
# unknown tag, ...); lists the warnings (missing @param/@return/comment) per file. With
# UHOP_JAVADOC_STRICT=1 warnings fail too. Log: build/logs/javadoc.log; docs: uhop-kit/target/reports/apidocs.
set -euo pipefail
UHOP_SCRIPT=check-javadoc.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

log_dir="$UHOP_BUILD_DIR/logs"
log="$log_dir/javadoc.log"
mkdir -p "$log_dir"
strict=()
[[ "${UHOP_JAVADOC_STRICT:-0}" == 1 ]] && strict=(-Dmaven.javadoc.failOnWarnings=true)
# the plugin skips a module whose docs look up to date (it says "everything is up to date"), which would
# hide new warnings: always start from no docs
find "$UHOP_ROOT" -path '*/target/reports/apidocs' -prune -type d -exec rm -rf {} + 2>/dev/null || true
set +e
# 'compile' first: in a build of several modules, uhop-spark's javadoc needs the kit's classes from this build
mvn -B -ntp -Dstyle.color=never -f "$UHOP_ROOT/pom.xml" compile javadoc:javadoc "${strict[@]}" </dev/null >"$log" 2>&1
rc=$?
set -e
# javadoc prints each message once per pass; count each file:line once
summary() {   # summary <error|warning>
  { grep -E ": $1: " "$log" || true; } | sed -E 's/^\[(ERROR|WARNING)\] //' | sort -u \
    | sed -E "s|^$UHOP_KIT_DIR/src/main/java/||; s/:[0-9]+: $1: .*//" | sort | uniq -c | sort -k2
}
errors="$(summary error)"
warnings="$(summary warning)"
n_err="$(awk '{s += $1} END {print s + 0}' <<<"$errors")"
n_warn="$(awk '{s += $1} END {print s + 0}' <<<"$warnings")"
capped=""
((n_warn >= 100)) && capped=" (javadoc lists at most 100)"
if ((n_warn)); then
  uhop_log "$n_warn doclint warning(s)$capped, per file:"
  sed 's/^/    /' <<<"$warnings" >&2
fi
if ((n_err)); then
  uhop_log "$n_err doclint error(s), per file:"
  sed 's/^/    /' <<<"$errors" >&2
  grep -E ": error: " "$log" | sed -E 's/^\[ERROR\] //' | sort -u | head -n 20 | sed "s|^$UHOP_KIT_DIR/src/main/java/||; s/^/    | /" >&2
fi
if ((rc != 0)); then
  ((n_err)) || tail -n 30 "$log" | sed 's/^/    | /' >&2
  uhop_log "FAILED: mvn javadoc:javadoc (exit $rc); log: $(uhop_rel "$log")"
  exit 1
fi
uhop_log "javadoc ok ($n_err errors, $n_warn warnings); log: $(uhop_rel "$log")"
