#!/usr/bin/env bash
# Plexus kind e2e lane — one command: prerequisites, build, kind cluster, the plexus-node image and deploy/
# installed as users do, tests, logs, teardown. See README.md next to this file.
#
#   e2e/kind/run.sh [--keep] [--name NAME] [--image KIND_NODE_IMAGE] [--build script|nx|skip] [--logs DIR]
#                   [--tests "01 03"]
#
# Exit status: 0 every test passed; 1 a setup step or a test failed; 2 a prerequisite is missing (nothing was
# created) or the usage is wrong.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"
# shellcheck source=lib/setup.sh
source "$HERE/lib/setup.sh"

usage() {
  cat <<'EOF'
usage: e2e/kind/run.sh [options]
  --keep            keep the cluster (and its kubeconfig) after the run; default: delete it
  --name NAME       kind cluster name (default plexus-e2e)
  --image IMAGE     kind node image (default: kind's own default)
  --build MODE      how the plugins and plexus-node are bundled before npm run image: script (default:
                    tools/build/build-plugin.mjs), nx (npx nx run-many -t build); skip: build nothing and
                    load the existing dist/image/plexus-node.tar
  --logs DIR        where logs are exported (default dist/kind-e2e/<name>/logs)
  --tests "01 03"   run only these tests (numbers of tests/0N-*.sh; default all, in order)
  -h, --help        this text
Environment: see e2e/kind/README.md (PLEXUS_KIND_*).
EOF
}

CLUSTER=plexus-e2e
KEEP=0
NODE_IMAGE=${PLEXUS_KIND_NODE_IMAGE:-}
BUILD_MODE=${PLEXUS_KIND_BUILD:-script}
LOG_DIR=""
ONLY_TESTS=""
while (($#)); do
  case $1 in
    --keep) KEEP=1 ;;
    --name)
      CLUSTER=${2:?--name needs a value}
      shift
      ;;
    --image)
      NODE_IMAGE=${2:?--image needs a value}
      shift
      ;;
    --build)
      BUILD_MODE=${2:?--build needs a value}
      shift
      ;;
    --logs)
      LOG_DIR=${2:?--logs needs a value}
      shift
      ;;
    --tests)
      ONLY_TESTS=${2:?--tests needs a value}
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      printf 'unknown argument: %s\n' "$1" >&2
      exit 2
      ;;
  esac
  shift
done
case $BUILD_MODE in script | nx | skip) ;; *)
  printf -- '--build must be script, nx or skip (got %s)\n' "$BUILD_MODE" >&2
  exit 2
  ;;
esac
[[ $CLUSTER =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || {
  printf -- '--name must be a DNS label (got %s)\n' "$CLUSTER" >&2
  exit 2
}

WORK=${PLEXUS_KIND_WORK:-$REPO/dist/kind-e2e/$CLUSTER}
if [[ -z $LOG_DIR ]]; then
  LOG_DIR=$WORK/logs
  CLEAR_LOGS=1 # our own default dir: last run's logs go; a --logs dir is never emptied
else
  CLEAR_LOGS=0
fi
export KUBECONFIG=$WORK/kubeconfig
START=$SECONDS

# 1. Prerequisites — before anything is created. Missing ones are listed, and the lane stops with 2.
step "prerequisites"
check_prerequisites "$BUILD_MODE" || exit 2
if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  printf 'A kind cluster named %s already exists; delete it (kind delete cluster --name %s) or pass --name.\n' "$CLUSTER" "$CLUSTER" >&2
  exit 2
fi
log "docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), $(kind version), kubectl $(kubectl version --client -o json | jsonq 'd.clientVersion.gitVersion'), node $(node --version)"

mkdir -p "$WORK"
rm -f "$WORK/kubeconfig"
if ((CLEAR_LOGS)); then rm -rf "$LOG_DIR"; fi

CLUSTER_CREATED=0
RESULTS=()
on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if ((CLUSTER_CREATED)); then
    step "logs and teardown"
    export_diagnostics "$LOG_DIR"
    if ((KEEP)); then
      log "cluster $CLUSTER kept: export KUBECONFIG=$KUBECONFIG   (delete: kind delete cluster --name $CLUSTER)"
    else
      kind delete cluster --name "$CLUSTER" --kubeconfig "$KUBECONFIG" >&2 || warn "kind delete cluster failed"
      rm -f "$WORK/kubeconfig"
    fi
  fi
  if ((${#RESULTS[@]})); then
    printf '\nResults:\n' >&2
    printf '  %s\n' "${RESULTS[@]}" >&2
  fi
  if ((rc == 0)); then
    log "kind e2e lane PASSED in $((SECONDS - START)) s"
  else
    log "kind e2e lane FAILED (exit $rc) after $((SECONDS - START)) s; logs: $LOG_DIR"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 2. Bundle the plugins and the plexus-node agent (the image is built from them in step 4).
step "build"
build_plugins "$BUILD_MODE"

# 3. Cluster: 1 control-plane + 2 workers (kind-config.yaml), kindnet as its CNI.
step "kind cluster $CLUSTER"
CLUSTER_CREATED=1
create_cluster "$NODE_IMAGE"
mapfile -t NODES < <(cluster_nodes)
mapfile -t WORKER_NODES < <(cluster_workers)
((${#NODES[@]} == 3 && ${#WORKER_NODES[@]} == 2)) || die "expected 3 nodes with 2 workers, got '${NODES[*]}' / '${WORKER_NODES[*]}'"
log "nodes: ${NODES[*]}"

# 4. The image users deploy (plugins + agent + Node runtime), loaded into every node.
step "plexus-node image into the nodes"
if [[ $BUILD_MODE != skip ]]; then build_image; fi
load_image

# 5. The reference macvlan + bridge the test NADs use (Plexus' own plugins come from the DaemonSet).
step "reference CNI plugins into /opt/cni/bin"
ARCH=$(node_arch "${NODES[0]}")
REF_DIR=$(fetch_reference_plugins "$ARCH")
for n in "${NODES[@]}"; do install_reference_plugins "$REF_DIR" "$n"; done

# 6. eth1: one veth between the two worker containers (the macvlan master).
step "veth eth1 between the workers"
connect_workers "${WORKER_NODES[0]}" "${WORKER_NODES[1]}"

# 7. What users apply: deploy/ (CRDs, RBAC, the plexus-node DaemonSet, which installs the plugins, writes
#    00-plexus.conflist around kindnet's conf and the plugin kubeconfig on every node); from every node, that
#    kubeconfig must have exactly the rights of deploy/clusterrole.yaml; then the test networks.
step "kubectl apply -k deploy/, plugin RBAC, test networks"
deploy_plexus "${NODES[@]}"
for n in "${NODES[@]}"; do check_plugin_rbac "$n"; done
kubectl apply -f "$HERE/manifests/test-networks.yaml" >&2 || die "applying the test networks failed"

# 8. The test image, pulled ahead so pod readiness timeouts measure CNI, not the registry.
step "test image on the workers"
export PLEXUS_KIND_TEST_IMAGE=${PLEXUS_KIND_TEST_IMAGE:-nicolaka/netshoot:v0.13}
prepull_image "$PLEXUS_KIND_TEST_IMAGE" "${WORKER_NODES[@]}"
log "setup done in $((SECONDS - START)) s"

# 9. Tests, in order; all of them run, each one's outcome is reported, any failure fails the lane.
step "tests"
FAILED=0
for t in "$HERE"/tests/0*.sh; do
  num=$(basename "$t" | cut -c1-2)
  if [[ -n $ONLY_TESTS && " $ONLY_TESTS " != *" $num "* ]]; then continue; fi
  t0=$SECONDS
  if "$BASH" "$t"; then
    RESULTS+=("PASS $(basename "$t") ($((SECONDS - t0)) s)")
  else
    RESULTS+=("FAIL $(basename "$t") ($((SECONDS - t0)) s)")
    FAILED=1
  fi
done
((${#RESULTS[@]})) || die "--tests '$ONLY_TESTS' selected no test"
((FAILED == 0)) || exit 1
