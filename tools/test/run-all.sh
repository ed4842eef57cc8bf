#!/usr/bin/env bash
# The README's test command: every lane of tools/test/lanes.mjs, ending with one "N passed, N failed, N skipped" line.
#  0. what the lanes need: the Debian packages of tools/test/system-packages.txt (the groups its lanes name) and node_modules
#     (npm ci from the committed lockfile), installed when missing — a fresh machine needs nothing else
#  1. nx run-many: lint, typecheck, unit tests (jest, hermetic) and build of every project (cached by nx)
#  2. e2e on this kernel: real netns, veth, bridge, macvlan, the built binaries and the reference Go plugins (root)
#  3. kernel-VM lane: the ipvlan/dummy/vlan suite in a Debian kernel under qemu (or directly if this kernel has ipvlan)
#  … and any lane added to the table. A lane that produced no result counts as failed (tools/test/summarize.mjs).
set -uo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true
results=dist/test-results

# The package groups come from the lane table (each lane's `packages`).
groups="$(node --input-type=module -e "import { LANES } from './tools/test/lanes.mjs'; console.log([...new Set(LANES.flatMap((l) => (l.packages ?? '').split(' ').filter(Boolean)))].join(' '))")"
[ -z "$groups" ] || tools/test/ensure-system-packages.sh $groups || echo "run-all: some lane packages are missing (see above); their lanes will fail" >&2
if [ ! -d node_modules/nx ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund || { echo "run-all: npm ci failed" >&2; exit 1; }
fi

rm -rf "$results" && mkdir -p "$results"
status=0
node tools/test/run-lanes.mjs "$results" || status=1

echo "== summary"
node tools/test/summarize-jest.mjs "$results" || status=1
exit $status
