#!/usr/bin/env bash
# Kernel-VM test lane: run a command where the kernel has ipvlan, dummy, 8021q.
#
#   tools/vm/run-kernel-suite.sh [--timeout SECONDS] [--mem MB] [--export PATH]... -- COMMAND [ARGS...]
#
# --export PATH (relative to the working directory, repeatable) copies that file
# or directory out of the guest's throwaway overlay back to the host after the
# command ran (e.g. jest's --json result file).
#
# If the running kernel can create an ipvlan on a dummy link (probed in a
# throwaway netns), COMMAND simply runs here. Otherwise a Debian kernel from
# /boot is booted under qemu (TCG; no KVM needed) with the host's / as a
# read-only 9p share under a throwaway tmpfs overlay, and COMMAND runs inside it
# as root, in the same working directory, with PATH, HOME, CI, PLEXUS_* and
# CNI_* passed through. Its output is streamed to stdout; the script exits with
# COMMAND's exit code, 124 on timeout, 125 if the VM failed to report one.
# See README.md next to this file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

timeout_s=1200
mem_mb=4096
exports=()
debug="${PLEXUS_VM_DEBUG:-0}"

# Wall-clock microseconds, and seconds since such a stamp as "12.3" (no bc).
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }
secs_since() {
  local d=$(($(now_us) - $1))
  printf '%d.%d' $((d / 1000000)) $((d % 1000000 / 100000))
}
log() { printf '[kernel-vm] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 125; }
usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  exit "${1:-0}"
}

# ---------------------------------------------------------------- arguments
while (($#)); do
  case "$1" in
    --timeout) timeout_s="${2:?--timeout needs SECONDS}"; shift 2 ;;
    --timeout=*) timeout_s="${1#*=}"; shift ;;
    --mem) mem_mb="${2:?--mem needs MB}"; shift 2 ;;
    --mem=*) mem_mb="${1#*=}"; shift ;;
    --export) exports+=("${2:?--export needs PATH}"); shift 2 ;;
    --export=*) exports+=("${1#*=}"); shift ;;
    -h | --help) usage 0 ;;
    --) shift; break ;;
    -*) log "unknown option: $1"; usage 2 >&2 ;;
    *) break ;; # tolerate a missing '--'
  esac
done
(($#)) || { log "no command given"; usage 2 >&2; }
[[ "$timeout_s" =~ ^[1-9][0-9]*$ ]] || { log "--timeout must be a positive integer (seconds), got '$timeout_s'"; exit 2; }
[[ "$mem_mb" =~ ^[1-9][0-9]*$ ]] || { log "--mem must be a positive integer (MB), got '$mem_mb'"; exit 2; }
for e in "${exports[@]}"; do
  [[ "$e" != /* && "/$e/" != */../* ]] || { log "--export takes a path inside the working directory, got '$e'"; exit 2; }
done

# ------------------------------------------------ can the host do it itself?
# Probe in a netns of our own so that no link of the host netns is touched.
host_has_ipvlan() {
  [[ "$(id -u)" == 0 ]] && command -v ip >/dev/null || return 1
  local ns="plexus-vm-probe-$$-$RANDOM" ok=1
  ip netns add "$ns" 2>/dev/null || return 1
  if ip -n "$ns" link add probe0 type dummy 2>/dev/null &&
    ip -n "$ns" link add link probe0 name probe1 type ipvlan mode l2 2>/dev/null; then
    ok=0
  fi
  ip netns del "$ns" 2>/dev/null || true
  return "$ok"
}

if [[ "${PLEXUS_VM_FORCE:-0}" != 1 ]] && host_has_ipvlan; then
  log "running kernel $(uname -r) supports ipvlan+dummy: running the command directly on the host"
  # --foreground keeps Ctrl-C working for interactive use; 124 on timeout as below.
  exec timeout --foreground --kill-after=10 "$timeout_s" "$@"
fi

# ------------------------------------------------------------ pick a kernel
# The newest Debian kernel in /boot that has its modules installed; never the
# running kernel (it is the one lacking the modules).
pick_kernel() {
  local v
  if [[ -n "${PLEXUS_VM_KERNEL:-}" ]]; then
    echo "$PLEXUS_VM_KERNEL"
    return
  fi
  while read -r v; do
    [[ "$v" != "$(uname -r)" && -f "/lib/modules/$v/modules.dep" ]] && { echo "$v"; return; }
  done < <(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -rV)
  return 1
}
kver="$(pick_kernel)" || die "no usable kernel in /boot (apt-get install linux-image-amd64)"
vmlinuz="/boot/vmlinuz-$kver"
[[ -r "$vmlinuz" ]] || die "$vmlinuz is missing or not readable (run as root?)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found (apt-get install qemu-system-x86)"

# The guest replaces /proc, /sys, /dev and /run (and /tmp) with fresh mounts,
# so a working directory there would not be the host's.
case "$PWD/" in
  /proc/* | /sys/* | /dev/* | /run/*) die "working directory $PWD is not visible in the VM (the guest mounts its own ${PWD#/}); run from the repo" ;;
  /tmp/*) tmp_mode=overlay ;; # keep the host /tmp visible (writable, throwaway)
  *) tmp_mode=tmpfs ;;
esac

# ------------------------------------------------ initramfs (+ vmlinux)
# Cached per kernel; the stamp names everything the image is made of, so a new
# kernel build, a changed script or a different busybox triggers a rebuild.
cache="${PLEXUS_VM_CACHE:-$repo/dist/vm}"
mkdir -p "$cache"
initrd="$cache/initramfs-$kver.cpio"
stamp="$cache/initramfs-$kver.stamp"
want_stamp="$(
  echo "kernel $kver $(stat -c %Y "/lib/modules/$kver/modules.dep")"
  cd "$here" && sha256sum build-guest.sh guest-init.sh guest-stage2.sh
  sha256sum "$(command -v busybox || echo /nonexistent)" 2>/dev/null || true
)"
{
  # Concurrent runs (e.g. two suites at once) serialise on the lock; the
  # second one then finds the image fresh.
  flock 9
  if [[ ! -f "$initrd" || "$(cat "$stamp" 2>/dev/null)" != "$want_stamp" ]]; then
    log "building the guest boot files for $kver in $cache"
    t0="$(now_us)"
    rm -f "$stamp"
    "$here/build-guest.sh" "$kver" "$cache"
    printf '%s\n' "$want_stamp" >"$stamp"
    log "guest built in $(secs_since "$t0")s"
  fi
} 9>"$cache/.lock"
# The decompressed kernel boots ~3 s faster (see build-guest.sh); the bzImage
# is the fallback when it could not be extracted.
kernel_image="$vmlinuz"
[[ ! -f "$cache/vmlinux-$kver" ]] || kernel_image="$cache/vmlinux-$kver"

# --------------------------------------------------------------- run dir
work="$(mktemp -d "${TMPDIR:-/tmp}/plexus-vm.XXXXXX")"
xfer="$work/xfer"
mkdir "$xfer"
qpid=""
tailpid=""
# qemu is always ours to kill (by its pid); it is never left running.
kill_qemu() {
  if [[ -n "$qpid" ]] && kill -0 "$qpid" 2>/dev/null; then
    kill -TERM "$qpid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qpid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$qpid" 2>/dev/null || true
  fi
  [[ -z "$qpid" ]] || wait "$qpid" 2>/dev/null || true
  qpid=""
}
# shellcheck disable=SC2317 # (called from the EXIT trap)
cleanup() {
  kill_qemu
  [[ -z "$tailpid" ]] || kill "$tailpid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM HUP

# job.sh: the command, its cwd and the passed-through environment, quoted by
# bash's %q and run by the host's own /bin/bash inside the guest.
{
  echo '# generated by tools/vm/run-kernel-suite.sh'
  while read -r name; do
    case "$name" in
      PATH | HOME | CI | PLEXUS_* | CNI_*) printf 'export %s=%q\n' "$name" "${!name}" ;;
    esac
  done < <(compgen -e)
  echo 'export PLEXUS_KERNEL_VM=1'
  printf 'cd -- %q || exit 125\n' "$PWD"
  if ((${#exports[@]})); then
    # Run, then copy the exported paths onto the xfer share before reporting.
    printf '%q ' "$@"
    printf '\nrc=$?\nmkdir -p /run/plexus-vm/xfer/export\n'
    for e in "${exports[@]}"; do
      printf '[ -e %q ] && mkdir -p "/run/plexus-vm/xfer/export/$(dirname -- %q)" && cp -a -- %q "/run/plexus-vm/xfer/export/%s"\n' "$e" "$e" "$e" "$e"
    done
    printf 'exit $rc\n'
  else
    printf 'exec'
    printf ' %q' "$@"
    printf '\n'
  fi
} >"$xfer/job.sh"

# ------------------------------------------------------------------- boot
append="console=ttyS0 panic=-1 mitigations=off plexus.tmp=$tmp_mode"
if [[ "$debug" == 1 ]]; then
  append+=" loglevel=7 plexus.debug=1"
else
  append+=" quiet loglevel=3"
fi
qemu_args=(
  -accel tcg -cpu "${PLEXUS_VM_CPU:-max}" -smp 2 -m "$mem_mb"
  -nographic -nodefaults -no-reboot -monitor none
  -kernel "$kernel_image" -initrd "$initrd" -append "$append"
  # multidevs=remap: the host / spans several filesystems; keep inode numbers
  # unique in the guest (and silence qemu's warning about it).
  -virtfs "local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap"
  -virtfs "local,path=${xfer//,/,,},mount_tag=xfer,security_model=none,multidevs=remap" # ',,' escapes a comma
  -device virtio-rng-pci
  # ttyS0: kernel console and init diagnostics, kept in a log.
  # ttyS1: the command's output only, straight to our stdout.
  -serial "file:$work/console.log"
  -serial stdio
)
log "running kernel $(uname -r) lacks ipvlan/dummy: booting $kver under qemu (TCG, 2 vCPUs, ${mem_mb} MB, timeout ${timeout_s}s)"
if [[ "$debug" == 1 ]]; then
  log "qemu-system-x86_64 ${qemu_args[*]}"
  : >"$work/console.log"
  tail -n +1 -F "$work/console.log" >&2 2>/dev/null &
  tailpid=$!
fi

t_start="$(now_us)"
# In the background so that the traps above run promptly; stdin from /dev/null
# so that qemu never puts a terminal into raw mode.
qemu-system-x86_64 "${qemu_args[@]}" </dev/null 2>"$work/qemu.err" &
qpid=$!

timed_out=0
t_boot=""
deadline=$((t_start + timeout_s * 1000000))
while kill -0 "$qpid" 2>/dev/null; do
  if [[ -z "$t_boot" && -e "$xfer/started" ]]; then
    t_boot="$(secs_since "$t_start")"
    [[ "$debug" != 1 ]] || log "guest started the command after ${t_boot}s"
  fi
  if (($(now_us) >= deadline)); then
    timed_out=1
    break
  fi
  sleep 0.2
done
qemu_rc=""
if ((timed_out)); then
  kill_qemu
else
  wait "$qpid" && qemu_rc=0 || qemu_rc=$?
  qpid=""
fi
t_total="$(secs_since "$t_start")"
[[ -z "$tailpid" ]] || { sleep 0.3; kill "$tailpid" 2>/dev/null || true; tailpid=""; }

show_diagnostics() {
  # (qemu's own "terminating on signal" is just us killing it.)
  if grep -qv 'terminating on signal' "$work/qemu.err" 2>/dev/null; then
    log "qemu stderr:"
    grep -v 'terminating on signal' "$work/qemu.err" | sed 's/^/  /' >&2
  fi
  if [[ "$debug" != 1 && -s "$work/console.log" ]]; then
    log "last lines of the guest console:"
    # Strip SeaBIOS' terminal escapes and CRs so the log stays readable.
    tail -n 40 "$work/console.log" | sed $'s/\e\\[[0-9;?]*[a-zA-Z]//g; s/\ec//g; s/\r//g; s/^/  /' >&2
  fi
}

rc_file="$xfer/rc"
if [[ -f "$rc_file" ]]; then
  rc="$(tr -dc '0-9' <"$rc_file")"
  [[ -n "$rc" ]] || die "guest wrote an unreadable exit code: $(head -c 100 "$rc_file")"
  ((timed_out)) && log "warning: the command finished but the VM did not power off before the timeout"
  log "command exited with $rc (command started after ${t_boot:-?}s, total ${t_total}s)"
  for e in "${exports[@]}"; do
    if [[ -e "$xfer/export/$e" ]]; then
      mkdir -p "$(dirname -- "$e")" && rm -rf -- "$e" && cp -a -- "$xfer/export/$e" "$e"
    else
      log "warning: exported path '$e' was not produced in the guest"
    fi
  done
  exit "$rc"
fi
if ((timed_out)); then
  log "TIMEOUT: no exit code from the guest after ${timeout_s}s (command $([[ -n "$t_boot" ]] && echo "started after ${t_boot}s" || echo "never started")); qemu killed"
  show_diagnostics
  exit 124
fi
log "the VM stopped without reporting an exit code (qemu exit status $qemu_rc after ${t_total}s): kernel panic or init failure?"
show_diagnostics
exit 125
