#!/usr/bin/env bash
# Plexus demo — the main job, for real: a throwaway "pod" network namespace gets four networks through the
# meta-dispatcher, exactly as a Kubernetes runtime would drive it (cnictl plays the runtime, the project's API
# emulator plays the apiserver, over HTTP through @kubernetes/client-node):
#   eth0   cluster network   reference bridge + Plexus static-ipam (default route)
#   net1   NAD demo/storage  reference bridge + Plexus static-ipam, IP requested in the pod annotation (`ips`)
#   fast0  NAD demo/fast     reference macvlan + Plexus fakeipam + Plexus route-injector (policy routes, table 100)
#   net3   NAD demo/mgmt     reference bridge + Plexus fakeipam + route-injector (a static route)
# It then pings a peer over net1, shows the pod's addresses/routes/rules and the network-status annotation the
# dispatcher wrote, runs CHECK, DEL, and shows that nothing is left. Everything lives in throwaway netns
# (a "node" netns holds the bridges, the API emulator and the runtime); the host's own links are never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "the demo needs root (network namespaces): npm run demo (as root)" >&2; exit 1; }

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# ---- setup: dependencies and build (idempotent, fast when already done)
tools/test/ensure-system-packages.sh demo
[ -d node_modules/nx ] || { say "npm ci"; npm ci --no-audit --no-fund; }
say "building the plugins and tools (nx, cached)"
NX_DAEMON=false npx nx run-many -t build --outputStyle=static >/dev/null
ls -1 dist/bin

work="$(mktemp -d /tmp/plexus-demo.XXXXXX)"
node="plxdemo-node-$$"
pod="plxdemo-pod-$$"
peer="plxdemo-peer-$$"
emu_pid=""
# Stops what the demo started: the emulator (by its pid, which is the emulator itself: started without a
# subshell, and `ip netns exec` execs it), then any other background job, then the netns and files.
cleanup() {
  if [ -n "$emu_pid" ]; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  for job in $(jobs -p); do kill "$job" 2>/dev/null || true; done
  ip netns del "$pod" 2>/dev/null || true
  ip netns del "$peer" 2>/dev/null || true
  ip netns del "$node" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# A signal ends the script through the EXIT trap (bash does not run it on SIGTERM/SIGHUP by itself).
trap 'exit 130' INT
trap 'exit 143' TERM HUP
in_node() { ip netns exec "$node" "$@"; }

say "installing the Plexus plugins into a throwaway CNI bin dir"
dist/tools/plexus-install install --plugins all --bin-dir "$work/bin" --create
dist/tools/plexus-install list --bin-dir "$work/bin"

# ---- the "node": bridges for the networks, a macvlan parent, a peer on the storage network
ip netns add "$node"
ip netns add "$pod"
ip netns add "$peer"
in_node ip link set lo up
for br in demo-cluster demo-storage demo-fast demo-mgmt; do
  in_node ip link add "$br" type bridge
  in_node ip link set "$br" up
done
in_node ip link add demo-peer type veth peer name eth0 netns "$peer"
in_node ip link set demo-peer master demo-storage up
ip -n "$peer" addr add 10.60.1.20/24 dev eth0
ip -n "$peer" link set eth0 up

# ---- the API: a pod asking for three networks (Multus annotation) and the three NADs
mkdir -p "$work/conf.d" "$work/net.d"
cat >"$work/conf.d/cluster.conflist" <<'JSON'
{"cniVersion": "1.0.0", "name": "demo-cluster", "plugins": [
  {"type": "bridge", "bridge": "demo-cluster", "ipam": {"type": "static-ipam",
    "addresses": [{"address": "10.60.0.10/24", "gateway": "10.60.0.1"}], "routes": [{"dst": "0.0.0.0/0"}]}}]}
JSON
nad() { # namespace name config-json
  printf '{"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition","metadata":{"namespace":"%s","name":"%s"},"spec":{"config":%s}}' \
    "$1" "$2" "$(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$3")"
}
networks='[{"name":"storage","ips":["10.60.1.10/24"]},{"name":"fast","interface":"fast0"},{"name":"mgmt"}]'
{
  echo '['
  printf '{"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"demo","name":"web-0","uid":"uid-web-0","annotations":{"k8s.v1.cni.cncf.io/networks":%s}}},\n' \
    "$(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$networks")"
  nad demo storage '{"cniVersion":"1.0.0","name":"storage","type":"bridge","bridge":"demo-storage","capabilities":{"ips":true},"ipam":{"type":"static-ipam"}}'
  echo ','
  nad demo fast '{"cniVersion":"1.0.0","name":"fast","plugins":[{"type":"macvlan","master":"demo-fast","mode":"bridge","ipam":{"type":"fakeipam","ips":[{"ipcidr":"10.60.2.10/24","version":4}]}},{"type":"route-injector","policyRoutes":[{"table":100,"routes":[{"dst":"10.60.2.0/24"},{"dst":"0.0.0.0/0","gw":"10.60.2.1"}]}]}]}'
  echo ','
  nad demo mgmt '{"cniVersion":"1.0.0","name":"mgmt","plugins":[{"type":"bridge","bridge":"demo-mgmt","ipam":{"type":"fakeipam","ips":[{"ipcidr":"10.60.3.10/24","version":4},{"ipcidr":"fd60:3::10/64","version":6}]}},{"type":"route-injector","routes":[{"dst":"10.61.0.0/16","gw":"10.60.3.1"}]}]}'
  echo ']'
} >"$work/seed.json"

say "starting the Kubernetes API emulator in the node netns"
# Not `in_node … &`: a function in the background is a subshell, and killing its pid left the emulator running.
ip netns exec "$node" dist/tools/api-emulator --port 0 --kubeconfig-out "$work/kubeconfig" --seed "$work/seed.json" >"$work/emulator.out" 2>&1 &
emu_pid=$!
for _ in $(seq 100); do grep -q '"url"' "$work/emulator.out" 2>/dev/null && break; sleep 0.1; done
cat "$work/emulator.out"

cat >"$work/net.d/00-plexus.conflist" <<JSON
{"cniVersion": "1.1.0", "name": "plexus-demo", "plugins": [
  {"type": "meta-dispatcher", "kubeconfig": "$work/kubeconfig", "confDir": "$work/conf.d",
   "cacheDir": "$work/checkpoints", "clusterNetwork": "$work/conf.d/cluster.conflist"}]}
JSON
export NETCONFPATH="$work/net.d" CNI_PATH="$work/bin:/usr/lib/cni" PLEXUS_CNI_CACHE_DIR="$work/cnictl-cache"
export CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=demo;K8S_POD_NAME=web-0;K8S_POD_UID=uid-web-0"
netns_path="/var/run/netns/$pod"

say "ADD: cnictl add plexus-demo $netns_path   (result returned to the runtime)"
in_node dist/tools/cnictl add plexus-demo "$netns_path"

say "inside the pod: addresses"
ip -n "$pod" -br addr
say "inside the pod: routes (main table and table 100) and rules"
ip -n "$pod" route
ip -n "$pod" route show table 100
ip -n "$pod" rule
say "the pod reaches a peer over net1 (storage)"
ip netns exec "$pod" ping -c 2 -W 2 10.60.1.20

say "k8s.v1.cni.cncf.io/network-status written by the dispatcher (read back from the API)"
in_node node -e '
  const kc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  fetch(kc.clusters[0].cluster.server + "/api/v1/namespaces/demo/pods/web-0", { headers: { authorization: "Bearer " + kc.users[0].user.token } })
    .then((r) => r.json()).then((p) => console.log(p.metadata.annotations["k8s.v1.cni.cncf.io/network-status"]));' "$work/kubeconfig"

say "CHECK"
in_node dist/tools/cnictl check plexus-demo "$netns_path" && echo "CHECK passed"
say "DEL"
in_node dist/tools/cnictl del plexus-demo "$netns_path" && echo "DEL done"
say "after DEL: pod links, bridge ports, checkpoints"
ip -n "$pod" -br link
in_node ip -br link show type veth
ls -A "$work/checkpoints"
echo "(nothing left but lo, the peer's own veth, and an empty checkpoint dir)"
say "demo complete"
