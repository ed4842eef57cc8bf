#!/usr/bin/env bash
# 03 — The two pods of 02, on different workers, reach each other over net1: macvlan on each worker's eth1, the
# two eth1 being the ends of one veth between the worker containers. Both directions, from net1's address.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

begin_test "03 ping between workers over net1"
require_cluster
for pod in multi-a multi-b; do
  kubectl -n "$NS" wait --for=condition=Ready "pod/$pod" --timeout=10s >/dev/null 2>&1 ||
    fail "pod $pod is not Ready (03 uses the pods of 02-secondary-networks.sh)"
done
node_a=$(pod_field multi-a '{.spec.nodeName}')
node_b=$(pod_field multi-b '{.spec.nodeName}')
[[ $node_a != "$node_b" ]] || fail "multi-a and multi-b are both on $node_a; they must be on different workers"
pass "multi-a on $node_a, multi-b on $node_b"

ping_over_net1() {
  local from=$1 to_ip=$2 out
  if ! out=$(pod_exec "$from" ping -c 3 -W 2 -I net1 "$to_ip" 2>&1); then
    printf '%s\n' "$out" >&2
    fail "ping from $from over net1 to $to_ip failed"
  fi
  pass "ping $from -> $to_ip over net1"
}
ping_over_net1 multi-a "$MACVLAN_B_IP"
ping_over_net1 multi-b "$MACVLAN_A_IP"
end_test
