#!/usr/bin/env bash
# Build the guest boot files for the kernel-VM test lane (see README.md):
#
#   tools/vm/build-guest.sh KERNEL_VERSION OUTDIR
#
# writes OUTDIR/initramfs-KERNEL_VERSION.cpio and, when it can,
# OUTDIR/vmlinux-KERNEL_VERSION: the kernel decompressed from /boot/vmlinuz-*.
# qemu boots such an ELF directly through its PVH entry point, which skips the
# kernel's self-decompression: under TCG that alone takes 3-4 s of every boot.
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
kver="${1:?usage: build-guest.sh KERNEL_VERSION OUTDIR}"
outdir="${2:?usage: build-guest.sh KERNEL_VERSION OUTDIR}"
out="$outdir/initramfs-$kver.cpio"
vmlinux_out="$outdir/vmlinux-$kver"

# Modules loaded (in this order, each after its dependencies) by /init.
# - virtio_pci, 9pnet_virtio, 9p, overlay: needed to mount the root at all.
# - virtio-rng: lets the guest seed its RNG from the host instantly (node calls
#   getrandom() at start-up; without a hw RNG a TCG guest may take a while).
# - ipvlan, dummy, 8021q, veth, macvlan, bridge: the link types our kernel tests
#   create. Anything else is still autoloaded on demand inside the guest by the
#   host's own /sbin/modprobe (the guest sees the host's /lib/modules).
MODULES=(virtio_pci 9pnet_virtio 9p overlay virtio-rng ipvlan dummy 8021q veth macvlan bridge)

die() { echo "build-guest: $*" >&2; exit 1; }

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
tmpfiles=("$stage")
trap 'rm -rf "${tmpfiles[@]}"' EXIT

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
mkdir -p "$outdir"
tmpout="$(mktemp "$out.XXXXXX")"
tmpfiles+=("$tmpout")
(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet) >"$tmpout"
chmod 0644 "$tmpout"
mv -f "$tmpout" "$out"

# ------------------------------------------------------------------ vmlinux
# What the kernel's scripts/extract-vmlinux does: find the compressed payload
# inside the bzImage by its magic bytes and decompress it. Only worth it if
# the kernel has a PVH entry point (CONFIG_PVH), else qemu cannot boot the ELF.
# Any failure just leaves the bzImage in use (slower boot, same result).
extract_vmlinux() {
  local img="/boot/vmlinuz-$kver" tmp magic off dec
  grep -qx 'CONFIG_PVH=y' "/boot/config-$kver" 2>/dev/null || return 1
  tmp="$(mktemp "$vmlinux_out.XXXXXX")"
  tmpfiles+=("$tmp")
  for magic in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
    dec="${magic%%:*}"
    while read -r off; do
      case "$dec" in
        xz) tail -c "+$((off + 1))" "$img" | xz -dc --single-stream >"$tmp" 2>/dev/null || true ;;
        zstd) tail -c "+$((off + 1))" "$img" | zstd -dcq >"$tmp" 2>/dev/null || true ;;
        gzip) tail -c "+$((off + 1))" "$img" | gzip -dc >"$tmp" 2>/dev/null || true ;;
      esac
      # Decompressors complain about the bzImage's trailing bytes, so judge
      # the result, not their exit status: it must be an ELF image.
      if [[ "$(head -c 4 "$tmp" | od -An -c | tr -d ' ')" == '177ELF' ]]; then
        chmod 0644 "$tmp"
        mv -f "$tmp" "$vmlinux_out"
        return 0
      fi
    done < <(LC_ALL=C grep -obUaP "${magic#*:}" "$img" 2>/dev/null | cut -d: -f1 | head -n 5)
  done
  return 1
}
# (The old file is replaced by rename, never deleted first: a concurrent run
# may be about to boot it.)
if ! extract_vmlinux; then
  rm -f "$vmlinux_out"
  echo "build-guest: note: could not extract an uncompressed PVH kernel from /boot/vmlinuz-$kver; booting the bzImage (slower)" >&2
fi
