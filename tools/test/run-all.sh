#!/usr/bin/env bash
# The README's test command: every test of the project, ending with one "N passed, N failed" line.
#  1. nx run-many: lint, typecheck, unit tests (jest, hermetic) and build of every project (cached by nx)
#  2. e2e on this kernel: real netns, veth, bridge, macvlan, the built binaries and the reference Go plugins (root)
#  3. kernel-VM lane: the ipvlan/dummy/vlan suite in a Debian kernel under qemu (or directly if this kernel has ipvlan)
set -uo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true
[ -d node_modules/nx ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund
results=dist/test-results
rm -rf "$results" && mkdir -p "$results"
status=0

echo "== unit tests, lint, typecheck, build"
npx nx run-many -t lint typecheck test build --outputStyle=stream-without-prefixes || status=1

if [ "$(id -u)" -ne 0 ]; then
  echo "e2e and kernel suites need root (netns, links)" >&2
  exit 1
fi

echo "== e2e (this kernel)"
npx jest -c e2e/jest.config.cjs --json --outputFile="$results/e2e.json" || status=1

echo "== kernel-VM suite"
tools/vm/run-kernel-suite.sh --timeout "${PLEXUS_VM_TIMEOUT:-2400}" --export "$results/kernel.json" -- \
  npx jest -c e2e/jest.kernel.config.cjs --json --outputFile="$results/kernel.json" || status=1
# The guest writes through a throwaway overlay; --export copies the result file back.

echo "== summary"
node tools/test/summarize-jest.mjs "$results"/*.json || status=1
exit $status
