# shellcheck shell=bash
# The setup steps of run.sh, one function each (sourced after lib/common.sh). They expect from run.sh:
#   REPO, HERE (e2e/kind), WORK (scratch dir), CLUSTER (kind cluster name), KUBECONFIG (exported).
# Every step checks its own outcome and dies with what went wrong; none of them prints success it did not verify.

# What plexus-node writes into the node's --cni-conf-dir (/etc/cni/net.d in deploy/daemonset.yaml): the
# dispatcher conf (DISPATCHER_CONF_NAME) and the plugin kubeconfig built from its ServiceAccount token
# (CREDENTIALS_DIR_NAME/KUBECONFIG_NAME), see agent/plexus-node/src/options.ts.
PLEXUS_CONF_NAME=00-plexus.conflist
PLEXUS_KUBECONFIG_IN_NODE=/etc/cni/net.d/plexus.d/plexus.kubeconfig
# Plugins the tests need; the image carries every built plugin, but the lane refuses to build it without these.
REQUIRED_PLEXUS_PLUGINS=(meta-dispatcher static-ipam route-injector)
# Reference plugins the test NADs use that kind node images do not ship (they keep only host-local, ptp,
# portmap and loopback, or cni-kindnet).
REFERENCE_PLUGINS=(macvlan bridge)

# ---------------------------------------------------------------------------------------------------- prerequisites

# check_prerequisites BUILD_MODE — prints one line per missing prerequisite and returns 1 if any is missing.
check_prerequisites() {
  local build_mode=$1
  local -a missing=()
  if ! command -v docker >/dev/null 2>&1; then
    missing+=("docker: the docker CLI is not on PATH (https://docs.docker.com/engine/install/)")
  else
    local info_err
    if ! info_err=$(with_timeout 30 docker info --format '{{.ServerVersion}}' 2>&1 >/dev/null); then
      missing+=("docker daemon: not reachable from the docker CLI ($(printf '%s' "$info_err" | head -n 1)); start Docker or set DOCKER_HOST")
    fi
  fi
  command -v kind >/dev/null 2>&1 || missing+=("kind: not on PATH (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)")
  command -v kubectl >/dev/null 2>&1 || missing+=("kubectl: not on PATH (https://kubernetes.io/docs/tasks/tools/)")
  if [[ $build_mode != skip ]]; then
    command -v podman >/dev/null 2>&1 || missing+=("podman: not on PATH (npm run image builds the plexus-node image; apt install podman runc)")
  else
    [[ -f $REPO/dist/image/plexus-node.tar ]] || missing+=("dist/image/plexus-node.tar: not built (npm run image; --build skip uses it)")
  fi
  if ! command -v node >/dev/null 2>&1; then
    missing+=("node: Node.js >= 20 is not on PATH (it builds the plugins and evaluates the JSON checks)")
  else
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || missing+=("node: Node.js >= 20 needed, found $(node --version)")
  fi
  case $build_mode in
    script | nx)
      [[ -e $REPO/node_modules/esbuild ]] || missing+=("node_modules: $REPO/node_modules/esbuild is missing; run 'npm ci' in $REPO first")
      if [[ $build_mode == nx ]] && ! command -v npx >/dev/null 2>&1; then missing+=("npx: not on PATH (needed by --build nx)"); fi
      ;;
  esac
  if [[ -z ${PLEXUS_KIND_CNI_PLUGINS_DIR:-} ]]; then
    command -v curl >/dev/null 2>&1 || missing+=("curl: not on PATH (downloads the reference macvlan/bridge plugins; or set PLEXUS_KIND_CNI_PLUGINS_DIR)")
    command -v tar >/dev/null 2>&1 || missing+=("tar: not on PATH (unpacks the reference plugins; or set PLEXUS_KIND_CNI_PLUGINS_DIR)")
    if ! command -v sha256sum >/dev/null 2>&1 && ! command -v shasum >/dev/null 2>&1; then
      missing+=("sha256sum or shasum: neither is on PATH (verifies the reference plugin download)")
    fi
  fi
  if ((${#missing[@]})); then
    printf 'The kind e2e lane cannot run here. Missing:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    return 1
  fi
}

# ------------------------------------------------------------------------------------------------------------ build

# build_plugins MODE — the bundles `npm run image` packs: every plugin (dist/bin) and the plexus-node agent
# (dist/tools/plexus-node). script (default): tools/build/build-plugin.mjs; nx: the nx build of the same
# projects as agent/plexus-node/image/build-image.sh; skip: nothing is built (run.sh then loads the existing
# dist/image/plexus-node.tar without rebuilding it).
build_plugins() {
  local mode=$1
  case $mode in
    script)
      local -a names=()
      local d
      for d in "$REPO"/plugins/*/; do
        [[ -f $d/src/main.ts ]] && names+=("$(basename "$d")")
      done
      log "building ${names[*]} + plexus-node with tools/build/build-plugin.mjs"
      (cd "$REPO" && node tools/build/build-plugin.mjs "${names[@]}" plexus-node) || die "build failed"
      ;;
    nx)
      log "building with npx nx run-many -t build --projects='tag:type:plugin,plexus-node'"
      (cd "$REPO" && NX_DAEMON=false npx nx run-many -t build --projects='tag:type:plugin,plexus-node') || die "nx build failed"
      ;;
    skip)
      log "using dist/image/plexus-node.tar as it is (--build skip)"
      return 0
      ;;
    *) die "unknown build mode '$mode' (script, nx or skip)" ;;
  esac
  local p
  for p in "${REQUIRED_PLEXUS_PLUGINS[@]}"; do
    [[ -x $REPO/dist/bin/$p ]] || die "dist/bin/$p was not built"
  done
  [[ -x $REPO/dist/tools/plexus-node ]] || die "dist/tools/plexus-node was not built"
}

# ---------------------------------------------------------------------------------------------------------- cluster

# create_cluster IMAGE — kind cluster from kind-config.yaml into the lane's own KUBECONFIG (never ~/.kube/config).
create_cluster() {
  local image=$1
  local -a args=(create cluster --name "$CLUSTER" --config "$HERE/kind-config.yaml" --kubeconfig "$KUBECONFIG" --wait 180s)
  [[ -n $image ]] && args+=(--image "$image")
  kind "${args[@]}" || die "kind create cluster failed"
  kubectl wait --for=condition=Ready node --all --timeout=180s >&2 || die "nodes did not become Ready"
}

# cluster_nodes / cluster_workers — node container names (kind names containers after nodes).
cluster_nodes() { kind get nodes --name "$CLUSTER" | sort; }
cluster_workers() {
  kubectl get nodes -l '!node-role.kubernetes.io/control-plane' -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | sort
}

# node_arch NODE — the node's architecture as a docker platform arch (amd64, arm64).
node_arch() {
  local m
  m=$(docker exec "$1" uname -m)
  case $m in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported node architecture '$m' on $1" ;;
  esac
}

# ------------------------------------------------------------------------------------------------------- CNI plugins

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | awk '{print $1}'; else shasum -a 256 "$1" | awk '{print $1}'; fi
}

# fetch_reference_plugins ARCH — prints a host dir holding macvlan and bridge for ARCH: PLEXUS_KIND_CNI_PLUGINS_DIR
# if set, else the containernetworking/plugins release PLEXUS_KIND_CNI_PLUGINS_VERSION (default v1.6.2) from
# PLEXUS_KIND_CNI_PLUGINS_BASE_URL (default the GitHub releases; a mirror must keep the <ver>/<file> layout and
# the .sha256 files), checked against the release's sha256 and cached under ${XDG_CACHE_HOME:-~/.cache}/plexus.
fetch_reference_plugins() {
  local arch=$1 p
  if [[ -n ${PLEXUS_KIND_CNI_PLUGINS_DIR:-} ]]; then
    for p in "${REFERENCE_PLUGINS[@]}"; do
      [[ -x $PLEXUS_KIND_CNI_PLUGINS_DIR/$p ]] || die "PLEXUS_KIND_CNI_PLUGINS_DIR has no executable $p"
    done
    printf '%s\n' "$PLEXUS_KIND_CNI_PLUGINS_DIR"
    return 0
  fi
  local ver=${PLEXUS_KIND_CNI_PLUGINS_VERSION:-v1.6.2}
  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/plexus/cni-plugins/$ver/$arch
  local have=1
  for p in "${REFERENCE_PLUGINS[@]}"; do [[ -x $cache/$p ]] || have=0; done
  if ((have == 0)); then
    local tgz=cni-plugins-linux-$arch-$ver.tgz
    local url=${PLEXUS_KIND_CNI_PLUGINS_BASE_URL:-https://github.com/containernetworking/plugins/releases/download}/$ver/$tgz
    local tmp=$WORK/cni-download
    rm -rf "$tmp" && mkdir -p "$tmp/x" "$cache"
    log "downloading $url"
    curl -fsSL --retry 3 -o "$tmp/$tgz" "$url" >&2 || die "download of $url failed"
    curl -fsSL --retry 3 -o "$tmp/$tgz.sha256" "$url.sha256" >&2 || die "download of $url.sha256 failed"
    local want got
    want=$(awk '{print $1}' "$tmp/$tgz.sha256")
    got=$(sha256_of "$tmp/$tgz")
    [[ -n $want && $want == "$got" ]] || die "sha256 mismatch for $tgz: release says '$want', download is '$got'"
    tar -xzf "$tmp/$tgz" -C "$tmp/x" || die "cannot unpack $tgz"
    for p in "${REFERENCE_PLUGINS[@]}"; do
      [[ -f $tmp/x/$p ]] || die "$tgz has no $p"
      install -m 0755 "$tmp/x/$p" "$cache/$p"
    done
    rm -rf "$tmp"
  fi
  printf '%s\n' "$cache"
}

# plugin_answers_version NODE PLUGIN — runs `VERSION` of /opt/cni/bin/PLUGIN inside NODE, with the environment
# containerd gives plugins (systemd's default PATH), and checks the answer lists supported versions.
plugin_answers_version() {
  local node=$1 plugin=$2 out verdict
  out=$(docker exec "$node" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin CNI_COMMAND=VERSION \
    sh -c "echo '{\"cniVersion\":\"1.0.0\"}' | /opt/cni/bin/$plugin" 2>"$WORK/version.err") || {
    log "$plugin VERSION failed in $node: $out $(cat "$WORK/version.err")"
    return 1
  }
  verdict=$(printf '%s' "$out" | jsonq 'Array.isArray(d.supportedVersions) && d.supportedVersions.includes("1.0.0") ? "ok" : "bad"') || verdict=bad
  [[ $verdict == ok ]] || {
    log "$plugin VERSION in $node does not list 1.0.0: $out"
    return 1
  }
}

# install_reference_plugins DIR NODE — macvlan and bridge into /opt/cni/bin (atomic rename), then VERSION-checked.
install_reference_plugins() {
  local dir=$1 node=$2 p
  for p in "${REFERENCE_PLUGINS[@]}"; do
    docker cp "$dir/$p" "$node:/opt/cni/bin/.$p.plexus-tmp" >/dev/null || die "docker cp $p into $node failed"
    docker exec "$node" sh -c "chmod 0755 /opt/cni/bin/.$p.plexus-tmp && mv -f /opt/cni/bin/.$p.plexus-tmp /opt/cni/bin/$p"
    plugin_answers_version "$node" "$p" || die "reference plugin $p does not run in $node"
  done
}

# -------------------------------------------------------------------------------------------------------- eth1 veth

# connect_workers W1 W2 — a veth pair whose ends are eth1 in the two worker containers' network namespaces: the
# macvlan master of the tests (Multus does the same with `koko -p "$pid1,eth1" -p "$pid2,eth1"`).
# How: `ip link add eth1 netns PID1 type veth peer name eth1 netns PID2` makes both ends directly inside the two
# namespaces, named by the PIDs of the node containers' init processes (`docker inspect .State.Pid`). Those PIDs
# are in the Docker host's PID namespace — on Docker Desktop that is its Linux VM, not the laptop — so the command
# runs in a throwaway privileged helper container with `--pid=host` (the kind node image itself: it has
# iproute2 and is already pulled). This needs neither sudo on the host nor a Linux host.
connect_workers() {
  local w1=$1 w2=$2 pid1 pid2 image w
  pid1=$(docker inspect -f '{{.State.Pid}}' "$w1")
  pid2=$(docker inspect -f '{{.State.Pid}}' "$w2")
  image=$(docker inspect -f '{{.Config.Image}}' "$w1")
  [[ $pid1 =~ ^[1-9][0-9]*$ && $pid2 =~ ^[1-9][0-9]*$ ]] || die "cannot read the PIDs of $w1/$w2 ('$pid1', '$pid2')"
  log "veth eth1: $w1 (pid $pid1) <-> $w2 (pid $pid2), via a --pid=host helper from $image"
  docker run --rm --privileged --pid=host --network=none --entrypoint ip "$image" \
    link add eth1 netns "$pid1" type veth peer name eth1 netns "$pid2" || die "creating the eth1 veth pair failed"
  for w in "$w1" "$w2"; do docker exec "$w" ip link set eth1 up; done
  for w in "$w1" "$w2"; do
    poll 15 1 eth1_is_up "$w" || die "eth1 in $w is not an UP veth: $(docker exec "$w" ip -d link show eth1 2>&1)"
  done
}

eth1_is_up() {
  docker exec "$1" ip -j -d link show eth1 2>/dev/null |
    jsonq 'd[0].linkinfo && d[0].linkinfo.info_kind === "veth" && d[0].operstate === "UP" ? "up" : ""' | grep -q up
}

# prepull_image IMAGE NODE... — pulls the test image on the nodes (so pod readiness timeouts measure CNI, not
# registry speed).
prepull_image() {
  local image=$1 n
  shift
  for n in "$@"; do
    poll 120 5 docker exec "$n" crictl pull "$image" >/dev/null || die "cannot pull $image on $n"
  done
}

# ------------------------------------------------------------------------------------------------------ diagnostics

# export_diagnostics DIR — kind's log export (journals, containerd — which logs the dispatcher's stderr — kubelet,
# pod logs) plus what kind does not collect: the plexus-node DaemonSet and its pods' logs, and per node the
# checkpoints, /etc/cni/net.d (its files only: the kubeconfig is in plexus.d/ and holds a token), /opt/cni/bin,
# links and sandboxes; and the cluster's view of the test namespace. Never fails (it runs on the way out).
export_diagnostics() {
  local dir=$1 n
  mkdir -p "$dir"
  log "exporting logs to $dir"
  kind export logs "$dir/kind" --name "$CLUSTER" >/dev/null 2>&1 || warn "kind export logs failed"
  {
    kubectl get nodes -o wide
    echo
    kubectl get pods -A -o wide
    echo
    kubectl get events -A --sort-by=.lastTimestamp
  } >"$dir/cluster.txt" 2>&1 || true
  kubectl -n plexus-e2e get network-attachment-definitions -o yaml >"$dir/nads.yaml" 2>&1 || true
  kubectl -n plexus-e2e describe pods >"$dir/test-pods.txt" 2>&1 || true
  {
    kubectl -n plexus-system describe ds/plexus-node
    echo
    kubectl -n plexus-system logs -l app.kubernetes.io/name=plexus-node --all-containers --prefix --tail=-1
  } >"$dir/plexus-node.txt" 2>&1 || true
  while read -r n; do
    [[ -n $n ]] || continue
    local nd=$dir/nodes/$n
    mkdir -p "$nd"
    docker cp "$n:$PLEXUS_CHECKPOINT_DIR" "$nd/checkpoints" >/dev/null 2>&1 || true
    docker exec "$n" sh -c 'for f in /etc/cni/net.d/*; do [ -f "$f" ] && { echo "### $f"; cat "$f"; echo; }; done' >"$nd/cni-net.d.txt" 2>&1 || true
    {
      docker exec "$n" ls -la /opt/cni/bin
      echo
      docker exec "$n" ip -d link
      echo
      docker exec "$n" crictl pods
    } >"$nd/state.txt" 2>&1 || true
  done < <(cluster_nodes 2>/dev/null || true)
}

# ------------------------------------------------------------------------------------------------- deploy/ + image

# build_image — `npm run image`: the plexus-node image (plugins + agent + Node runtime) as dist/image/plexus-node.tar.
build_image() {
  (cd "$REPO" && PLEXUS_IMAGE_SKIP_BUILD=1 npm run image >&2) || die "npm run image failed"
  [[ -f $REPO/dist/image/plexus-node.tar ]] || die "dist/image/plexus-node.tar was not written"
}

# load_image — the image archive into every node's containerd (no registry).
load_image() {
  kind load image-archive "$REPO/dist/image/plexus-node.tar" --name "$CLUSTER" >&2 || die "kind load image-archive failed"
}

# deploy_plexus NODE... — what users apply: kubectl apply -k deploy/; then every node has the conf plexus-node
# writes and containerd has loaded it (its `crictl info` shows the loaded conf, with the plugin type).
# This is only a readiness wait: test 01 proves the dispatcher really handled a pod (its checkpoint).
deploy_plexus() {
  kubectl apply -k "$REPO/deploy" >&2 || die "kubectl apply -k deploy/ failed"
  kubectl -n plexus-system rollout status ds/plexus-node --timeout=180s >&2 || die "the plexus-node DaemonSet did not roll out"
  local n
  for n in "$@"; do
    poll 60 1 docker exec "$n" test -f "/etc/cni/net.d/$PLEXUS_CONF_NAME" || die "$n: plexus-node did not write $PLEXUS_CONF_NAME"
    poll 30 1 containerd_loaded_plexus "$n" || die "$n: containerd did not load the meta-dispatcher conf"
  done
}

containerd_loaded_plexus() { docker exec "$1" crictl info 2>/dev/null | grep -q 'meta-dispatcher'; }

# check_plugin_rbac NODE — from inside the node, with the kubeconfig plexus-node wrote there for the plugins (so
# the in-cluster API address, the CA, the projected token of the plexus-node ServiceAccount and the RBAC of
# deploy/clusterrole.yaml are all exercised as the dispatcher will): every call the code makes is "yes", and
# what no code does (deleting pods, reading a host-index claim by name, reading secrets) is "no".
check_plugin_rbac() {
  local node=$1 ns=plexus-e2e line answer verb res extra got
  local -a checks=(
    "yes get pods"
    "yes watch pods"
    "yes patch pods --subresource=status"
    "yes create events"
    "yes list nodes"
    "yes get network-attachment-definitions.k8s.cni.cncf.io"
    "yes list network-attachment-definitions.k8s.cni.cncf.io"
    "yes update danmnets.danm.plexus.io"
    "yes list tenantnetworks.danm.plexus.io"
    "yes get clusternetworks.danm.plexus.io"
    "yes create hostindexclaims.multinic.plexus.io"
    "yes delete hostindexclaims.multinic.plexus.io"
    "no delete pods"
    "no get hostindexclaims.multinic.plexus.io"
    "no get secrets"
  )
  docker exec "$node" test -f "$PLEXUS_KUBECONFIG_IN_NODE" || die "$node: plexus-node did not write $PLEXUS_KUBECONFIG_IN_NODE"
  for line in "${checks[@]}"; do
    read -r answer verb res extra <<<"$line"
    local -a cmd=(kubectl --kubeconfig "$PLEXUS_KUBECONFIG_IN_NODE" auth can-i "$verb" "$res" -n "$ns")
    [[ -n ${extra:-} ]] && cmd+=("$extra")
    # stdout only: kubectl warns on stderr about cluster-scoped resources asked with -n.
    got=$(docker exec "$node" "${cmd[@]}" 2>"$WORK/can-i.err" || true)
    [[ $got == "$answer" ]] ||
      die "RBAC from $node: 'can-i $verb $res ${extra:-}' answered '$got', expected '$answer' ($(tr '\n' ' ' <"$WORK/can-i.err"))"
  done
  log "$node: the plugin kubeconfig reaches the API with exactly the expected rights"
}
