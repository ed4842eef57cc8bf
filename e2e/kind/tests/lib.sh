# shellcheck shell=bash
# Helpers of the kind tests (sourced by tests/0*.sh). Every check either passes visibly ("ok: …") or ends the test
# with "FAIL (<test>): <what>: expected …, got …" and exit status 1 — nothing is only echoed.
#
# The tests need KUBECONFIG pointing at the lane's cluster (run.sh exports it) and the docker CLI (kind node
# containers carry the node names, checkpoints are read with `docker exec`). Against a cluster kept with --keep:
#   KUBECONFIG=dist/kind-e2e/plexus-e2e/kubeconfig e2e/kind/tests/02-secondary-networks.sh
# 01, 02 and 05 stand alone; 03 needs the pods of 02; 04 deletes the pods of 01–03.

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
source "$TESTS_DIR/../lib/common.sh"

NS=plexus-e2e
TEST_IMAGE=${PLEXUS_KIND_TEST_IMAGE:-nicolaka/netshoot:v0.13}
POD_TIMEOUT=${PLEXUS_KIND_POD_TIMEOUT:-180s}
PART_OF=plexus-kind-e2e

# What manifests/test-networks.yaml configures (keep in step with it); used by the tests that source this file.
# shellcheck disable=SC2034
{
  MACVLAN_A_IP=10.10.0.11
  MACVLAN_B_IP=10.10.0.12
  MACVLAN_PREFIX=24
  BRIDGE_IP=10.20.0.10
  BRIDGE_PREFIX=24
  BRIDGE_NAME=plexusbr0
  ROUTE_DST=10.30.0.0/16
  ROUTE_GW=10.20.0.1
}

# Devices the kernel puts into every new netns when their modules are loaded (ipip, ip_gre, sit, ip6_tunnel,
# ip6_gre, ip_vti, ip6_vti): present or not depending on the host kernel, never created by a CNI plugin.
FALLBACK_DEVICES="tunl0 gre0 gretap0 erspan0 ip_vti0 ip6_vti0 sit0 ip6tnl0 ip6gre0"

CURRENT_TEST=""
begin_test() {
  CURRENT_TEST=$1
  step "test $1"
}
end_test() { log "PASS: $CURRENT_TEST"; }
pass() { log "ok: $*"; }
fail() {
  printf '[%s] FAIL (%s): %s\n' "$(date +%H:%M:%S)" "$CURRENT_TEST" "$*" >&2
  exit 1
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  [[ $2 == "$3" ]] || fail "$1: expected '$2', got '$3'"
  pass "$1 = '$3'"
}

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
  [[ $3 == *"$2"* ]] || fail "$1: expected to contain '$2', got '$3'"
  pass "$1 contains '$2'"
}

# -------------------------------------------------------------------------------------------------------- cluster

# require_cluster — the API answers and the test namespace exists (run.sh applies manifests/test-networks.yaml).
require_cluster() {
  kubectl get namespace "$NS" >/dev/null 2>&1 || fail "namespace $NS not found: is KUBECONFIG the lane's cluster (run.sh sets it up)?"
}

# require_workers — sets WORKERS to the (sorted) worker node names; the lane has exactly two.
WORKERS=()
require_workers() {
  mapfile -t WORKERS < <(kubectl get nodes -l '!node-role.kubernetes.io/control-plane' \
    -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | sort)
  ((${#WORKERS[@]} == 2)) || fail "expected 2 worker nodes, found ${#WORKERS[@]} (${WORKERS[*]:-none})"
}

# ----------------------------------------------------------------------------------------------------------- pods

# create_pod NAME NODE NETWORKS — a long-sleeping pod of TEST_IMAGE (iproute2 with -j, ping); NODE pins it with
# a kubernetes.io/hostname selector ("" = scheduler's choice), NETWORKS is the k8s.v1.cni.cncf.io/networks
# value ("" = no annotation at all).
create_pod() {
  local name=$1 node=$2 networks=$3
  {
    printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  namespace: %s\n' "$name" "$NS"
    printf '  labels:\n    app.kubernetes.io/part-of: %s\n' "$PART_OF"
    if [[ -n $networks ]]; then printf '  annotations:\n    k8s.v1.cni.cncf.io/networks: "%s"\n' "$networks"; fi
    printf 'spec:\n  terminationGracePeriodSeconds: 1\n'
    if [[ -n $node ]]; then printf '  nodeSelector:\n    kubernetes.io/hostname: "%s"\n' "$node"; fi
    printf '  containers:\n    - name: shell\n      image: "%s"\n      imagePullPolicy: IfNotPresent\n' "$TEST_IMAGE"
    printf '      command: ["sleep", "86400"]\n'
  } | kubectl apply -f - >&2 || fail "cannot create pod $name"
}

# delete_pods NAME... — deletes the pods and waits until they are gone (a leftover from an earlier run included).
delete_pods() {
  kubectl -n "$NS" delete pod "$@" --ignore-not-found --wait=true --timeout=120s >&2 || fail "cannot delete pods $*"
}

# wait_ready NAME — kubectl wait for Ready; on timeout the pod's description and events are shown, then FAIL.
wait_ready() {
  if ! kubectl -n "$NS" wait --for=condition=Ready "pod/$1" --timeout="$POD_TIMEOUT" >&2; then
    kubectl -n "$NS" describe pod "$1" >&2 || true
    fail "pod $1 did not become Ready within $POD_TIMEOUT"
  fi
  pass "pod $1 is Ready"
}

pod_exec() {
  local pod=$1
  shift
  kubectl -n "$NS" exec "$pod" -- "$@"
}

# pod_field NAME JSONPATH
pod_field() { kubectl -n "$NS" get pod "$1" -o jsonpath="$2"; }

# pod_json_cmd NAME CMD... — runs an `ip -j …` command in the pod and checks the answer is JSON.
pod_json_cmd() {
  local pod=$1 out
  shift
  out=$(pod_exec "$pod" "$@") || fail "'$*' failed in pod $pod"
  printf '%s' "$out" | is_json_list || fail "'$*' in pod $pod did not print a JSON list (does $TEST_IMAGE have iproute2's ip?): ${out:0:300}"
  printf '%s' "$out"
}

# is_json_list — succeeds when stdin is a JSON list.
is_json_list() { jsonq 'Array.isArray(d) ? "list" : "other"' 2>/dev/null | grep -qx list; }

# own_links — reads `ip -j link` JSON, prints the sorted interface names without the kernel's fallback devices.
own_links() {
  FALLBACK="$FALLBACK_DEVICES" jsonq 'd.map(l => l.ifname).filter(n => !process.env.FALLBACK.split(" ").includes(n)).sort().join(" ")'
}

# link_kind IFNAME — reads `ip -j -d link` JSON, prints the interface's linkinfo kind (macvlan, veth…).
link_kind() { IFN=$1 jsonq '((d.find(l => l.ifname === process.env.IFN) || {}).linkinfo || {}).info_kind || "none"'; }

# ipv4_of IFNAME — reads `ip -j addr` JSON, prints the interface's IPv4 addresses as a/len, space-separated.
ipv4_of() {
  IFN=$1 jsonq '((d.find(l => l.ifname === process.env.IFN) || {}).addr_info || []).filter(a => a.family === "inet").map(a => `${a.local}/${a.prefixlen}`).join(" ")'
}

# network_status NAME — the pod's k8s.v1.cni.cncf.io/network-status annotation, checked to be a JSON list.
network_status() {
  local s
  s=$(kubectl -n "$NS" get pod "$1" -o json | jsonq '(d.metadata.annotations || {})["k8s.v1.cni.cncf.io/network-status"] || ""')
  [[ -n $s ]] || fail "pod $1 has no k8s.v1.cni.cncf.io/network-status annotation"
  printf '%s' "$s" | is_json_list || fail "network-status of $1 is not a JSON list: $s"
  printf '%s' "$s"
}

# describe_status — reads a network-status list, prints "iface name default|- ip,ip" per entry, " | "-joined.
describe_status() {
  jsonq 'd.map(e => `${e.interface} ${e.name} ${e.default ? "default" : "-"} ${(e.ips || []).join(",")}`).join(" | ")'
}

# pod_events NAME REASON — "message" lines of the pod's core/v1 events with that reason (this pod's UID only, so
# events of an earlier pod of the same name never count).
pod_events() {
  local uid
  uid=$(pod_field "$1" '{.metadata.uid}')
  kubectl -n "$NS" get events --field-selector "involvedObject.uid=$uid,reason=$2" -o json |
    jsonq 'd.items.map(e => e.message).join("\n")'
}

# -------------------------------------------------------------------------------------------------------- nodes

# sandbox_id NAME — the ID of the pod's ready sandbox on its node (= CNI_CONTAINERID = the checkpoint's name).
sandbox_id() {
  local node uid ids
  node=$(pod_field "$1" '{.spec.nodeName}')
  uid=$(pod_field "$1" '{.metadata.uid}')
  ids=$(docker exec "$node" crictl pods --label "io.kubernetes.pod.uid=$uid" --state ready -q) || fail "crictl pods failed on $node"
  [[ -n $ids && $ids != *$'\n'* ]] || fail "pod $1: expected one ready sandbox on $node, found '${ids//$'\n'/ }'"
  printf '%s' "$ids"
}

# checkpoint_of NODE SANDBOX_ID — the dispatcher's checkpoint JSON (FAIL when there is none).
checkpoint_of() {
  docker exec "$1" cat "$PLEXUS_CHECKPOINT_DIR/$2.json" 2>/dev/null || fail "no checkpoint $PLEXUS_CHECKPOINT_DIR/$2.json on $1"
}

# checkpoints_of_pod NODE UID NAME — prints the checkpoint files on NODE that belong to the pod (its UID, or its
# namespace/name when a checkpoint carries no UID); nothing when there are none.
checkpoints_of_pod() {
  local node=$1 uid=$2 name=$3 path json
  while IFS=$'\t' read -r path json; do
    [[ -n $path ]] || continue
    if printf '%s' "$json" | UID_=$uid NAME_=$name NS_=$NS jsonq '
        d.pod && (d.pod.uid ? d.pod.uid === process.env.UID_ : d.pod.namespace === process.env.NS_ && d.pod.name === process.env.NAME_) ? "mine" : ""' |
      grep -qx mine; then
      printf '%s\n' "$path"
    fi
  done < <(docker exec "$node" sh -c "for f in '$PLEXUS_CHECKPOINT_DIR'/*.json; do [ -f \"\$f\" ] || continue; printf '%s\t' \"\$f\"; tr -d '\n' < \"\$f\"; echo; done")
}

# bridge_ports NODE — names of the interfaces enslaved to BRIDGE_NAME on the node ("" when none or no bridge).
bridge_ports() {
  local out
  out=$(docker exec "$1" ip -j link show master "$BRIDGE_NAME" 2>/dev/null) || out='[]'
  [[ -n $out ]] || out='[]'
  printf '%s' "$out" | jsonq 'd.map(l => l.ifname).sort().join(" ")'
}

# cluster_network_name NODE — the `name` of the conf the node's dispatcher uses as clusterNetwork (kindnet's).
cluster_network_name() {
  local path
  path=$(docker exec "$1" cat /etc/cni/net.d/00-plexus.conflist | jsonq 'd.plugins[0].clusterNetwork') || fail "cannot read 00-plexus.conflist on $1"
  docker exec "$1" cat "$path" | jsonq 'd.name' || fail "cannot read $path on $1"
}
