#!/usr/bin/env bash
# All benchmarks, each printing medians and ratios against the reference Go plugins measured in the same run.
#   foundation      static-ipam vs reference static vs `node -e 0`; bridge chains through cnictl
#   multi-nic-ipam  ADD latency (sequential, 32-way), allocations/s vs reference host-local
#   meta-dispatcher 3-network pod ADD+DEL: in-process vs exec'd delegates vs reference plugins; API calls per ADD
#   plexus-node     dispatcher ADD/DEL with the agent cache warm vs off vs the delegates alone; API calls per ADD/DEL
#   ipvlan          (kernel-VM lane) ipvlan + static-ipam vs reference ipvlan + static
#   cri             pod Run+Stop+Remove through a private containerd: Plexus (cluster; +3 NADs) vs the cluster conflist direct
# Usage (as root): npm run bench [-- foundation|multi-nic-ipam|meta-dispatcher|ipvlan|cri ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "benchmarks need root (netns)" >&2; exit 1; }
NX_DAEMON=false npx nx run-many -t build --outputStyle=static >/dev/null
which=("$@")
[ ${#which[@]} -gt 0 ] || which=(foundation multi-nic-ipam meta-dispatcher plexus-node ipvlan cri)
for b in "${which[@]}"; do
  echo; echo "################ $b"
  case "$b" in
    foundation) node tools/bench/foundation-bench.mjs ;;
    multi-nic-ipam) node tools/bench/multi-nic-ipam.mjs ;;
    meta-dispatcher) node tools/bench/meta-dispatcher-bench.mjs ;;
    plexus-node) node tools/bench/plexus-node-bench.mjs ;;
    ipvlan) tools/vm/run-kernel-suite.sh --timeout 3600 -- node tools/bench/ipvlan-bench.mjs ;;
    cri) node tools/bench/cri-bench.mjs ;;
    *) echo "unknown benchmark $b" >&2; exit 2 ;;
  esac
done
