#!/usr/bin/env bash
# 01 — A pod without network annotations gets only the cluster network (kindnet, run by the meta-dispatcher as
# its clusterNetwork): it becomes Ready with lo + eth0 and nothing else, eth0 holds the pod IP, network-status
# has exactly one entry (eth0, default, the pod IP), and the dispatcher checkpointed the sandbox with exactly one
# attachment (proof that the dispatcher, not kindnet alone, set the pod up).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

begin_test "01 pod without annotations"
require_cluster
delete_pods plain
create_pod plain "" ""
wait_ready plain

links=$(pod_json_cmd plain ip -j -d link show)
expect_eq "interfaces of plain (kernel fallback tunnels ignored)" "eth0 lo" "$(own_links <<<"$links")"

pod_ip=$(pod_field plain '{.status.podIP}')
[[ -n $pod_ip ]] || fail "pod plain has no status.podIP"
addrs=$(pod_json_cmd plain ip -j addr show)
expect_eq "IPv4 of plain eth0 (bare) vs status.podIP" "$pod_ip" "$(ipv4_of eth0 <<<"$addrs" | sed 's#/[0-9]*##')"

node=$(pod_field plain '{.spec.nodeName}')
status=$(network_status plain)
expect_eq "network-status of plain" "eth0 $(cluster_network_name "$node") default $pod_ip" "$(describe_status <<<"$status")"

id=$(sandbox_id plain)
cp=$(checkpoint_of "$node" "$id")
expect_eq "checkpoint of plain on $node" "plexus.meta-dispatcher/checkpoint added $NS/plain 1 eth0" \
  "$(jsonq '`${d.kind} ${d.phase} ${d.pod && d.pod.namespace}/${d.pod && d.pod.name} ${(d.attachments || []).length} ${(d.attachments || [])[0] && d.attachments[0].ifName}`' <<<"$cp")"
end_test
