#!/usr/bin/env bash
# 02 — Pods naming two NADs in k8s.v1.cni.cncf.io/networks get them as net1 and net2:
#   net1: macvlan on the worker's eth1 with a fixed static-ipam address (macvlan-a / macvlan-b);
#   net2: a veth on the node's plexusbr0 bridge with a static-ipam address, plus route-injector's route
#         10.30.0.0/16 via 10.20.0.1 on net2 (bridge-routes, a conflist).
# Checked per pod: exactly lo/eth0/net1/net2 with the right kinds and addresses, the route, the network-status
# annotation (3 entries in plan order: eth0 default with the pod IP, net1, net2, each with its NAD's name and
# address) and the AddedInterface events. One pod per worker: 03 pings between them, 04 deletes them.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_pod() {
  local pod=$1 macvlan_nad=$2 macvlan_ip=$3
  local links addrs routes status pod_ip node events
  links=$(pod_json_cmd "$pod" ip -j -d link show)
  expect_eq "interfaces of $pod (kernel fallback tunnels ignored)" "eth0 lo net1 net2" "$(own_links <<<"$links")"
  expect_eq "link kind of $pod net1" macvlan "$(link_kind net1 <<<"$links")"
  expect_eq "link kind of $pod net2" veth "$(link_kind net2 <<<"$links")"

  addrs=$(pod_json_cmd "$pod" ip -j addr show)
  expect_eq "IPv4 of $pod net1" "$macvlan_ip/$MACVLAN_PREFIX" "$(ipv4_of net1 <<<"$addrs")"
  expect_eq "IPv4 of $pod net2" "$BRIDGE_IP/$BRIDGE_PREFIX" "$(ipv4_of net2 <<<"$addrs")"

  routes=$(pod_json_cmd "$pod" ip -j route show "$ROUTE_DST")
  expect_eq "route $ROUTE_DST in $pod (route-injector)" "$ROUTE_DST via $ROUTE_GW dev net2" \
    "$(jsonq 'd.map(r => `${r.dst} via ${r.gateway} dev ${r.dev}`).join("; ")' <<<"$routes")"

  pod_ip=$(pod_field "$pod" '{.status.podIP}')
  node=$(pod_field "$pod" '{.spec.nodeName}')
  status=$(network_status "$pod")
  expect_eq "network-status entries of $pod" 3 "$(jsonq 'd.length' <<<"$status")"
  expect_eq "network-status of $pod" \
    "eth0 $(cluster_network_name "$node") default $pod_ip | net1 $NS/$macvlan_nad - $macvlan_ip | net2 $NS/bridge-routes - $BRIDGE_IP" \
    "$(describe_status <<<"$status")"

  events=$(pod_events "$pod" AddedInterface)
  expect_contains "AddedInterface events of $pod" "Add net1 [$macvlan_ip/$MACVLAN_PREFIX] from $NS/$macvlan_nad" "$events"
  expect_contains "AddedInterface events of $pod" "Add net2 [$BRIDGE_IP/$BRIDGE_PREFIX] from $NS/bridge-routes" "$events"
}

begin_test "02 two NADs: macvlan + static-ipam, bridge + route-injector"
require_cluster
require_workers
delete_pods multi-a multi-b
create_pod multi-a "${WORKERS[0]}" "macvlan-a,bridge-routes"
create_pod multi-b "${WORKERS[1]}" "macvlan-b,bridge-routes"
wait_ready multi-a
wait_ready multi-b
check_pod multi-a macvlan-a "$MACVLAN_A_IP"
check_pod multi-b macvlan-b "$MACVLAN_B_IP"
end_test
