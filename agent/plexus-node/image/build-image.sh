#!/usr/bin/env bash
# npm run image — builds the plexus-node OCI image offline with podman (FROM scratch, local rootfs, runc):
#   1. bundles the plugins and the agent (nx build),
#   2. assembles dist/image/rootfs: node and iproute2's ip + the libraries ldd lists, the agent, the plugins
#      (shebang #!/plexus/node),
#   3. podman build → localhost/plexus-node:<version>, and podman save → dist/image/plexus-node.tar (for kind load).
# Env: PLEXUS_IMAGE (default localhost/plexus-node:<package version>), NODE_BIN (default: the node running npm).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
version="$(node -p 'require("./package.json").version')"
image="${PLEXUS_IMAGE:-localhost/plexus-node:$version}"
node_bin="$(readlink -f "${NODE_BIN:-$(command -v node)}")"
# The agent's multi-nic pass programs L3 routes through libs/netlink, i.e. iproute2 (`ip -json`, `ip -batch`).
ip_bin="$(readlink -f "${IP_BIN:-$(command -v ip)}")"
out="$root/dist/image"

if [[ "${PLEXUS_IMAGE_SKIP_BUILD:-}" != 1 ]]; then
  NX_DAEMON=false npx nx run-many -t build --projects='tag:type:plugin,plexus-node' >/dev/null
fi

rm -rf "$out/rootfs"
mkdir -p "$out/rootfs/plexus/bin" "$out/rootfs/plexus/tools" "$out/rootfs/tmp"
chmod 1777 "$out/rootfs/tmp"
install -m 0755 "$node_bin" "$out/rootfs/plexus/node"
install -m 0755 "$ip_bin" "$out/rootfs/plexus/ip"
# The shared libraries node and ip need, at the paths their ELF interpreter and rpath expect.
ldd "$node_bin" "$ip_bin" | grep -oE '/[^ ]+' | grep -v ':$' | sort -u | while read -r lib; do
  cp -L --parents "$lib" "$out/rootfs/"
done
for f in "$root"/dist/bin/*; do
  name="$(basename "$f")"
  [[ "$name" == .* || "$name" == *.tmp-* ]] && continue
  { echo '#!/plexus/node'; tail -n +2 "$f"; } > "$out/rootfs/plexus/bin/$name"
  chmod 0755 "$out/rootfs/plexus/bin/$name"
done
{ echo '#!/plexus/node'; tail -n +2 "$root/dist/tools/plexus-node"; } > "$out/rootfs/plexus/tools/plexus-node"
chmod 0755 "$out/rootfs/plexus/tools/plexus-node"
cp "$root/agent/plexus-node/image/Containerfile" "$out/Containerfile"

podman --runtime runc build --pull=never -f "$out/Containerfile" -t "$image" "$out"
rm -f "$out/plexus-node.tar"
podman save --format docker-archive -o "$out/plexus-node.tar" "$image"
echo "built $image ($(du -sh "$out/rootfs" | cut -f1) rootfs) and $out/plexus-node.tar"
