#!/usr/bin/env bash
# 04 — Deleting the pods of 01–03 leaves nothing behind on the nodes. Before the delete, each pod's sandbox ID,
# checkpoint (<cacheDir>/<sandbox id>.json, phase "added") and netns path are recorded; after it, within 60 s:
#   - the checkpoint file is gone, and no other checkpoint on the node names the pod;
#   - the sandbox's netns is gone (with it every interface the delegates made inside: eth0, net1, net2);
#   - no veth is left on the node's plexusbr0 bridge (the host ends of the bridge-routes attachments).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

begin_test "04 deleting pods leaves no checkpoints or interfaces"
require_cluster
pods=(plain multi-a multi-b)
declare -A NODE_OF ID_OF UID_OF NETNS_OF
for pod in "${pods[@]}"; do
  kubectl -n "$NS" get pod "$pod" >/dev/null 2>&1 || fail "pod $pod does not exist (04 deletes the pods of 01–03)"
  NODE_OF[$pod]=$(pod_field "$pod" '{.spec.nodeName}')
  UID_OF[$pod]=$(pod_field "$pod" '{.metadata.uid}')
  ID_OF[$pod]=$(sandbox_id "$pod")
  cp=$(checkpoint_of "${NODE_OF[$pod]}" "${ID_OF[$pod]}")
  expect_eq "checkpoint phase of $pod before delete" added "$(jsonq 'd.phase' <<<"$cp")"
  NETNS_OF[$pod]=$(jsonq 'd.netns' <<<"$cp")
  [[ ${NETNS_OF[$pod]} == /* ]] || fail "checkpoint of $pod has no netns path: '${NETNS_OF[$pod]}'"
done

kubectl -n "$NS" delete pod "${pods[@]}" --wait=true --timeout=120s >&2 || fail "deleting ${pods[*]} failed"
pass "deleted ${pods[*]}"

checkpoint_gone() { ! docker exec "$1" test -e "$PLEXUS_CHECKPOINT_DIR/$2.json"; }
netns_gone() { ! docker exec "$1" test -e "$2"; }
no_bridge_ports() { [[ -z $(bridge_ports "$1") ]]; }

for pod in "${pods[@]}"; do
  node=${NODE_OF[$pod]} id=${ID_OF[$pod]}
  poll 60 2 checkpoint_gone "$node" "$id" || fail "$node still has $PLEXUS_CHECKPOINT_DIR/$id.json (pod $pod) 60 s after the delete"
  pass "$pod: checkpoint $id.json removed from $node"
  left=$(checkpoints_of_pod "$node" "${UID_OF[$pod]}" "$pod")
  [[ -z $left ]] || fail "$node still has checkpoints naming pod $pod: $left"
  pass "$pod: no other checkpoint on $node names it"
  poll 60 2 netns_gone "$node" "${NETNS_OF[$pod]}" || fail "$node still has the netns ${NETNS_OF[$pod]} of pod $pod"
  pass "$pod: netns ${NETNS_OF[$pod]} removed from $node"
done

for node in $(printf '%s\n' "${NODE_OF[@]}" | sort -u); do
  poll 60 2 no_bridge_ports "$node" || fail "$node: $BRIDGE_NAME still has ports: $(bridge_ports "$node")"
  pass "$node: no veth left on $BRIDGE_NAME"
done
end_test
