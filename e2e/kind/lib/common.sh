# shellcheck shell=bash
# Helpers shared by run.sh, lib/setup.sh and tests/*.sh (sourced, never run).
# Everything JSON goes through `node` (a prerequisite anyway: it builds the plugins), so the lane needs no jq.

# log/step print progress on stderr (stdout stays free for values returned by functions).
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
step() { printf '\n[%s] == %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2
  exit 1
}

# jsonq EXPR — reads one JSON document on stdin and prints the JavaScript expression EXPR evaluated with the
# document bound to `d`: a string as is, anything else as JSON, undefined as nothing. Values from the shell go in
# through the environment (`V=x jsonq 'd.name === process.env.V'`), never by splicing them into EXPR.
# Exit 3 when stdin is not JSON (the first 400 characters are shown), 4 when EXPR throws.
jsonq() {
  node -e '
    const text = require("fs").readFileSync(0, "utf8");
    let d;
    try { d = JSON.parse(text); } catch (e) {
      process.stderr.write(`jsonq: input is not JSON (${e.message}): ${JSON.stringify(text.slice(0, 400))}\n`);
      process.exit(3);
    }
    let r;
    try { r = new Function("d", `return (${process.argv[1]});`)(d); } catch (e) {
      process.stderr.write(`jsonq: ${process.argv[1]}: ${e.message}\n`);
      process.exit(4);
    }
    if (r !== undefined) process.stdout.write(typeof r === "string" ? r : JSON.stringify(r));
  ' "$1"
}

# poll TIMEOUT_S INTERVAL_S CMD... — runs CMD until it succeeds (0) or TIMEOUT_S seconds have passed (1).
# CMD always runs at least once, and once more at the deadline.
poll() {
  local timeout=$1 interval=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  while true; do
    if "$@"; then return 0; fi
    if ((SECONDS >= deadline)); then return 1; fi
    sleep "$interval"
  done
}

# with_timeout SECONDS CMD... — CMD bounded in time where coreutils `timeout` exists (macOS may lack it; then
# CMD runs unbounded, which only matters for a hung docker daemon).
with_timeout() {
  local s=$1
  shift
  if command -v timeout >/dev/null 2>&1; then timeout "$s" "$@"; else "$@"; fi
}

# The meta-dispatcher's checkpoint dir: plexus-node's --checkpoint-dir default, which it writes into
# 00-plexus.conflist as `cacheDir` (deploy/daemonset.yaml does not override it). One file per pod sandbox:
# <dir>/<sandbox id>.json.
# shellcheck disable=SC2034 # used by the files that source this one
PLEXUS_CHECKPOINT_DIR=/var/lib/cni/plexus/meta-dispatcher

# bash >= 4.4 (macOS ships 3.2: `brew install bash`): mapfile, associative arrays, empty arrays under `set -u`,
# and inherit_errexit — command substitutions inherit `set -e`, so a failing step inside `x=$(helper)` stops the
# helper instead of going on with an empty value.
if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  printf 'The kind e2e lane cannot run here. Missing:\n  - bash >= 4.4 (this is bash %s; macOS: brew install bash)\n' "$BASH_VERSION" >&2
  exit 2
fi
shopt -s inherit_errexit
