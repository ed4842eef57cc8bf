#!/bin/sh
# Stage 2 of the kernel-VM test lane: PID 1 of the guest after switch_root,
# run by the busybox copied to /run/plexus-vm (the host root need not have one).
# Runs the host-written /run/plexus-vm/xfer/job.sh with a clean environment,
# streams its output to ttyS1 (which qemu connects to the host script's
# stdout), writes the exit code to the xfer share and powers off.
#
# The exit code only ever travels as a file on the xfer share, written here
# after the command has exited, so nothing the command prints can fake it.

BB=/run/plexus-vm/busybox
X=/run/plexus-vm/xfer
OUT=/run/plexus-vm/out
[ "${1:-0}" = 1 ] && set -x

# ttyS1 carries the command's bytes unchanged: no \n -> \r\n (-opost), no echo.
$BB stty -F /dev/ttyS1 raw -echo

# The command writes into a FIFO rather than straight to the tty, so that it
# sees a pipe on stdout/stderr, as it does in CI (a tty would make tools such as
# jest switch to interactive output); cat copies the FIFO to ttyS1.
$BB mkfifo -m 0600 $OUT
$BB cat $OUT >/dev/ttyS1 &
catpid=$!

# The host measures boot time from this file's appearance.
: >$X/started
$BB env -i /bin/bash $X/job.sh >$OUT 2>&1 </dev/null
rc=$?
echo "$rc" >$X/rc.tmp && $BB mv $X/rc.tmp $X/rc

# Let cat drain what is left in the FIFO; it ends as soon as the last writer
# is gone. Processes the command left running in the background may keep the
# FIFO open, so give up after a few seconds and kill everything.
( $BB sleep 3; kill -9 $catpid ) >/dev/null 2>&1 &
wait $catpid
kill -9 -1 >/dev/null 2>&1 # every process but PID 1
$BB sync
$BB poweroff -f
