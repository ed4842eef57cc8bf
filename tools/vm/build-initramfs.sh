#!/usr/bin/env bash
# Build the initramfs for the kernel-VM test lane (see README.md).
#
#   tools/vm/build-initramfs.sh KERNEL_VERSION OUTPUT.cpio
#
# The initramfs is deliberately tiny: a static busybox, the kernel modules needed
# to mount the host's root over 9p (+ the network modules our kernel tests need),
# and the two guest scripts (guest-init.sh → /init, guest-stage2.sh). Everything
# else (node, ip, CNI plugins, the repo) comes from the host root at run time.
#
# Normally called by run-kernel-suite.sh, which caches the result and rebuilds
# only when the kernel or one of the lane's scripts changes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kver="${1:?usage: build-initramfs.sh KERNEL_VERSION OUTPUT.cpio}"
out="${2:?usage: build-initramfs.sh KERNEL_VERSION OUTPUT.cpio}"

# Modules loaded (in this order, each after its dependencies) by /init.
# - virtio_pci, 9pnet_virtio, 9p, overlay: needed to mount the root at all.
# - virtio-rng: lets the guest seed its RNG from the host instantly (node calls
#   getrandom() at start-up; without a hw RNG a TCG guest may take a while).
# - ipvlan, dummy, 8021q, veth, macvlan, bridge: the link types our kernel tests
#   create. Anything else is still autoloaded on demand inside the guest by the
#   host's own /sbin/modprobe (the guest sees the host's /lib/modules).
MODULES=(virtio_pci 9pnet_virtio 9p overlay virtio-rng ipvlan dummy 8021q veth macvlan bridge)

die() { echo "build-initramfs: $*" >&2; exit 1; }

moddir="/lib/modules/$kver"
[[ -f "$moddir/modules.dep" ]] || die "no $moddir/modules.dep (is linux-image-$kver installed?)"
busybox="$(command -v busybox || true)"
[[ -n "$busybox" ]] || die "busybox not found (apt-get install busybox-static)"
# A dynamically linked busybox (Debian's 'busybox' package) would need its libc
# in the initramfs too; insist on busybox-static.
# (ldd, from libc-bin, fails on a static binary.)
if ldd "$busybox" >/dev/null 2>&1; then
  die "$busybox is dynamically linked (apt-get install busybox-static)"
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/plexus-initramfs.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,lower,rw,newroot,etc,lib/modules}
cp "$busybox" "$stage/bin/busybox"
# /init starts with '#!/bin/sh', so that must exist before busybox --install runs.
ln -s busybox "$stage/bin/sh"
install -m 0755 "$here/guest-init.sh" "$stage/init"
install -m 0755 "$here/guest-stage2.sh" "$stage/stage2.sh"

# Resolve dependencies with kmod's resolver against modules.dep(.bin) of the
# *target* kernel (-S), not the running one. It prints the load order as
# "insmod PATH [OPTIONS]" lines (deps first) and "builtin NAME" for built-ins.
# Options from /etc/modprobe.d (e.g. dummy numdummies=0) are kept.
declare -A seen=()
order="$stage/etc/modules.order"
: >"$order"
for m in "${MODULES[@]}"; do
  deps="$(modprobe -S "$kver" --show-depends "$m" 2>&1)" || die "cannot resolve module $m for $kver: $deps"
  while read -r verb path opts; do
    [[ "$verb" == insmod ]] || continue          # 'builtin X': nothing to load
    [[ -z "${seen[$path]:-}" ]] || continue      # shared deps only once
    seen[$path]=1
    base="$(basename "$path")"
    # busybox insmod may not be built with compressed-module support, so ship
    # every module decompressed (Debian 12 ships plain .ko; newer kernels .ko.xz
    # or .ko.zst).
    case "$base" in
      *.ko.xz)  dst="${base%.xz}";  xz -dc -- "$path" >"$stage/lib/modules/$dst" ;;
      *.ko.zst) dst="${base%.zst}"; zstd -q -dc -- "$path" >"$stage/lib/modules/$dst" ;;
      *.ko.gz)  dst="${base%.gz}";  gzip -dc -- "$path" >"$stage/lib/modules/$dst" ;;
      *.ko)     dst="$base";        cp -- "$path" "$stage/lib/modules/$dst" ;;
      *) die "unexpected module file $path" ;;
    esac
    printf '%s %s\n' "/lib/modules/$dst" "${opts:-}" >>"$order"
  done <<<"$deps"
done
echo "$kver" >"$stage/etc/kernel-version"

# Uncompressed newc cpio: a few MB, and the kernel unpacks it faster than it
# would decompress it under TCG. Written next to the target and renamed so a
# concurrent reader never sees a half-written file.
mkdir -p "$(dirname "$out")"
tmpout="$(mktemp "$out.XXXXXX")"
(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet) >"$tmpout"
chmod 0644 "$tmpout"
mv -f "$tmpout" "$out"
