import { CniCode, CniError, getCniArg, type CniArgs } from '@plexus/cni-spec';
import { dnsLabelProblem, isDnsSubdomain } from '../config/kube-names';
import type { PodIdentity } from '../plan/network-request';

/**
 * readPodIdentity reads the pod from CNI_ARGS (K8S_POD_NAMESPACE, K8S_POD_NAME, and K8S_POD_UID /
 * K8S_POD_INFRA_CONTAINER_ID when sent). Undefined when the runtime is not Kubernetes (neither key is set); one
 * without the other, or names Kubernetes would not allow, are code 7 naming CNI_ARGS.
 */
export function readPodIdentity(args: CniArgs): PodIdentity | undefined {
  const namespace = getCniArg(args, 'K8S_POD_NAMESPACE');
  const name = getCniArg(args, 'K8S_POD_NAME');
  if (!namespace && !name) return undefined;
  if (!namespace || !name) {
    throw new CniError(CniCode.InvalidConfig, 'invalid CNI_ARGS', `K8S_POD_NAMESPACE and K8S_POD_NAME must be sent together (got only ${namespace ? 'K8S_POD_NAMESPACE' : 'K8S_POD_NAME'})`);
  }
  const nsProblem = dnsLabelProblem(namespace);
  if (nsProblem) throw new CniError(CniCode.InvalidConfig, 'invalid CNI_ARGS', `K8S_POD_NAMESPACE "${namespace}" ${nsProblem}`);
  if (!isDnsSubdomain(name)) {
    throw new CniError(CniCode.InvalidConfig, 'invalid CNI_ARGS', `K8S_POD_NAME "${name}" is not a valid pod name (a DNS subdomain)`);
  }
  const pod: PodIdentity = { namespace, name };
  const uid = getCniArg(args, 'K8S_POD_UID');
  if (uid) pod.uid = uid;
  const infra = getCniArg(args, 'K8S_POD_INFRA_CONTAINER_ID');
  if (infra) pod.infraContainerId = infra;
  return pod;
}
