#!/bin/sh
# Stage 1 of the kernel-VM test lane: /init (PID 1) of the initramfs, run by
# busybox sh. Loads the modules, builds the guest root — the host's / shared
# read-only over 9p, under a tmpfs-backed overlay so everything is writable and
# all writes are thrown away — mounts the usual API filesystems into it, then
# switch_root's into it and runs stage 2 (guest-stage2.sh) as the new PID 1.
#
# Anything printed here goes to the kernel console (ttyS0), which the host
# keeps in a log and shows only on failure or with PLEXUS_VM_DEBUG=1. The
# command's own output travels on a separate port (ttyS1), so nothing here can
# be mistaken for it. Any failure powers the VM off without writing an exit-code
# file, which the host reports as "guest did not report an exit code".

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox --install -s

fail() {
  echo "plexus-vm init: FATAL: $*" >&2
  sync
  poweroff -f
  sleep 30 # poweroff -f does not return; never fall through to the kernel panic
}

mount -t proc proc /proc || fail "mount /proc"
mount -t sysfs sysfs /sys || fail "mount /sys"
mount -t devtmpfs devtmpfs /dev || fail "mount /dev"
exec </dev/console >/dev/console 2>&1

# Host-side switches arrive as plexus.* words on the kernel command line (the
# kernel does not hand dotted words to init as arguments or environment).
debug=0
tmp_mode=tmpfs
# shellcheck disable=SC2013 # words are what we want
for word in $(cat /proc/cmdline); do
  case "$word" in
    plexus.debug=1) debug=1 ;;
    plexus.tmp=overlay) tmp_mode=overlay ;;
  esac
done
[ "$debug" = 1 ] && set -x

# Module list and load order were resolved from modules.dep at build time.
while read -r mod opts; do
  [ -n "$mod" ] || continue
  # shellcheck disable=SC2086 # opts is a word list (e.g. numdummies=0)
  insmod "$mod" $opts || fail "insmod $mod"
done </etc/modules.order

# Host root, read-only (qemu enforces it too: readonly=on). cache=loose lets
# the guest cache metadata and data of the lower layer; the host tree is not
# expected to change under a running suite, and this makes node's thousands of
# stat()/open() calls on node_modules a lot cheaper under TCG. msize: larger
# 9p messages, fewer round trips.
mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose host /lower ||
  fail "mount host root over 9p"
mount -t tmpfs -o mode=0755 tmpfs /rw || fail "mount overlay tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
  fail "mount overlay root"

R=/newroot
mount -t proc proc $R/proc || fail "mount $R/proc"
mount -t sysfs sysfs $R/sys || fail "mount $R/sys"
mount -t devtmpfs devtmpfs $R/dev || fail "mount $R/dev"
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts $R/dev/pts || fail "mount devpts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs $R/dev/shm || fail "mount /dev/shm"
# devtmpfs lacks the links udev/systemd normally create; bash process
# substitution and scripts reading /dev/stdin rely on them.
ln -sf /proc/self/fd $R/dev/fd
ln -sf /proc/self/fd/0 $R/dev/stdin
ln -sf /proc/self/fd/1 $R/dev/stdout
ln -sf /proc/self/fd/2 $R/dev/stderr
# /tmp is a fresh tmpfs, except when the command's working directory lives
# under the host's /tmp: then the overlay view of the host /tmp stays (it is
# just as writable and throwaway, as the overlay's upper layer is tmpfs).
if [ "$tmp_mode" = tmpfs ]; then
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs $R/tmp || fail "mount /tmp"
fi
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs $R/run || fail "mount /run"
mkdir -m 1777 $R/run/lock
# Debian has /var/run -> /run (and /var/lock -> /run/lock) as symlinks on the
# host, which the overlay shows as they are; emulate them if they are real dirs.
if [ -d $R/var/run ] && [ ! -L $R/var/run ]; then mount --bind $R/run $R/var/run; fi
if [ -d $R/var/lock ] && [ ! -L $R/var/lock ]; then mount --bind $R/run/lock $R/var/lock; fi

# The run's private channel with the host: a writable 9p share of a host temp
# dir holding job.sh (written by the host) and rc (written by stage 2).
mkdir -p $R/run/plexus-vm/xfer
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 xfer $R/run/plexus-vm/xfer ||
  fail "mount xfer share"
cp /bin/busybox /stage2.sh $R/run/plexus-vm/

hostname plexus-vm
ip link set lo up || fail "bring up lo"

[ "$debug" = 1 ] && echo "plexus-vm init: switching root"
# switch_root (rather than chroot) makes the overlay the real / mount, so that
# pivot_root, mount namespaces and the kernel's own module autoloading (which
# runs /sbin/modprobe from PID 1's root: the host's kmod and /lib/modules) all
# behave as on a normal system. It empties the initramfs first (it never
# crosses into other filesystems such as /lower).
exec switch_root $R /run/plexus-vm/busybox sh /run/plexus-vm/stage2.sh "$debug"
