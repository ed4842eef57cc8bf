#!/usr/bin/env bash
# 05 — A pod naming a NAD that does not exist never starts: it stays ContainerCreating (not Ready) and gets a
# FailedCreatePodSandBox event whose message names the NAD as <namespace>/<name> (meta-dispatcher error 110,
# "network not found"). After it is deleted, no checkpoint on its node names it (the failed ADD was rolled back).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MISSING_NAD=no-such-nad

begin_test "05 unknown NAD"
require_cluster
require_workers
if kubectl -n "$NS" get network-attachment-definitions "$MISSING_NAD" >/dev/null 2>&1; then
  fail "NAD $NS/$MISSING_NAD exists; this test needs it absent"
fi
delete_pods unknown-nad
create_pod unknown-nad "${WORKERS[0]}" "$MISSING_NAD"

sandbox_failure_named_nad() { [[ $(pod_events unknown-nad FailedCreatePodSandBox) == *"$NS/$MISSING_NAD"* ]]; }
if ! poll 120 3 sandbox_failure_named_nad; then
  kubectl -n "$NS" describe pod unknown-nad >&2 || true
  fail "no FailedCreatePodSandBox event naming $NS/$MISSING_NAD within 120 s"
fi
pass "FailedCreatePodSandBox event: $(pod_events unknown-nad FailedCreatePodSandBox | head -n 1)"
expect_contains "FailedCreatePodSandBox message" "network not found" "$(pod_events unknown-nad FailedCreatePodSandBox)"

# Still not running a while later: kubelet keeps retrying, each retry fails the same way.
if kubectl -n "$NS" wait --for=condition=Ready pod/unknown-nad --timeout=15s >/dev/null 2>&1; then
  fail "pod unknown-nad became Ready although its NAD does not exist"
fi
expect_eq "phase of unknown-nad" Pending "$(pod_field unknown-nad '{.status.phase}')"
expect_eq "container state of unknown-nad" ContainerCreating \
  "$(pod_field unknown-nad '{.status.containerStatuses[0].state.waiting.reason}')"

node=$(pod_field unknown-nad '{.spec.nodeName}')
uid=$(pod_field unknown-nad '{.metadata.uid}')
delete_pods unknown-nad
no_checkpoint_left() { [[ -z $(checkpoints_of_pod "$node" "$uid" unknown-nad) ]]; }
poll 60 2 no_checkpoint_left || fail "$node still has checkpoints naming unknown-nad: $(checkpoints_of_pod "$node" "$uid" unknown-nad)"
pass "no checkpoint on $node names unknown-nad"
end_test
