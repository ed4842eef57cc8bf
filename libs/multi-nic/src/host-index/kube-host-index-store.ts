import { isAlreadyExists, isConflict, isNotFound, type KubeClient, type KubeObject, type ResourceType } from '@plexus/k8s';
import { createHash } from 'node:crypto';
import { ClaimConflictError, IndexTakenError, type HostClaim, type HostIndexStore, type HostInterfaceRecord } from './host-claim';

/**
 * The custom resource holding claims: cluster-scoped `HostIndexClaim` objects named `<network>.<index>`, one per
 * claimed index, so `create` of the name is the atomic claim. `kubectl get hostindexclaims` lists them (see the
 * CRD in deploy/).
 */
export const HOST_INDEX_CLAIMS: ResourceType = {
  group: 'multinic.plexus.io',
  version: 'v1',
  plural: 'hostindexclaims',
  kind: 'HostIndexClaim',
};

/** The label selecting a network's claims (`kubectl get hic -l multinic.plexus.io/network=storage-net`). */
export const NETWORK_LABEL = 'multinic.plexus.io/network';
/** The label selecting a node's claims. */
export const NODE_LABEL = 'multinic.plexus.io/node';

/** The stored shape of a claim. */
export interface HostIndexClaimObject extends KubeObject {
  spec: { network: string; hostIndex: number; nodeName: string; interfaces: HostInterfaceRecord[] };
}

/** KubeHostIndexStore keeps claims as HostIndexClaim objects through the shared KubeClient. */
export class KubeHostIndexStore implements HostIndexStore {
  constructor(private readonly kube: KubeClient) {}

  async list(network: string): Promise<HostClaim[]> {
    let objects: HostIndexClaimObject[];
    try {
      objects = await this.kube.listObjects<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { labelSelector: `${NETWORK_LABEL}=${labelValue(network)}` });
    } catch (e) {
      // The resource type does not exist until the first claim (API emulator) or without the CRD: no claims yet.
      if (isNotFound(e)) return [];
      throw e;
    }
    // The label may be a hash of the name: the spec is what identifies the network.
    return objects.filter((o) => o.spec?.network === network && isWellFormed(o)).map(toClaim);
  }

  async create(claim: HostClaim): Promise<HostClaim> {
    try {
      return toClaim(await this.kube.createObject<HostIndexClaimObject>(HOST_INDEX_CLAIMS, toObject(claim)));
    } catch (e) {
      if (isAlreadyExists(e)) throw new IndexTakenError(claim.network, claim.hostIndex);
      throw e;
    }
  }

  async update(claim: HostClaim): Promise<HostClaim> {
    try {
      return toClaim(await this.kube.replaceObject<HostIndexClaimObject>(HOST_INDEX_CLAIMS, toObject(claim)));
    } catch (e) {
      if (isConflict(e) || isNotFound(e)) throw new ClaimConflictError((e as Error).message);
      throw e;
    }
  }

  async remove(claim: HostClaim): Promise<void> {
    try {
      const key = { name: claimName(claim.network, claim.hostIndex) };
      await this.kube.deleteObject(HOST_INDEX_CLAIMS, key, claim.version ? { resourceVersion: claim.version } : undefined);
    } catch (e) {
      if (isNotFound(e)) return;
      if (isConflict(e)) throw new ClaimConflictError((e as Error).message);
      throw e;
    }
  }

  async listNodeNames(): Promise<string[]> {
    return (await this.kube.listNodes()).map((n) => n.metadata.name ?? '').filter(Boolean);
  }
}

/**
 * claimName is `<network>.<index>` when the network name is already a valid object name, else a lowered, cleaned
 * form with a hash of the real name (CNI names allow upper case and `_`, Kubernetes names do not).
 */
export function claimName(network: string, hostIndex: number): string {
  return `${objectSafe(network)}.${hostIndex}`;
}

function objectSafe(network: string): string {
  if (/^[a-z0-9]([a-z0-9-]{0,200}[a-z0-9])?$/.test(network)) return network;
  const cleaned = network.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200);
  return `${cleaned || 'net'}-${shortHash(network)}`;
}

/** labelValue is the network name when it is a valid label value, else a hash of it. */
export function labelValue(network: string): string {
  return /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/.test(network) ? network : `h-${shortHash(network)}`;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}

function toObject(claim: HostClaim): HostIndexClaimObject {
  const metadata: HostIndexClaimObject['metadata'] = {
    name: claimName(claim.network, claim.hostIndex),
    labels: { [NETWORK_LABEL]: labelValue(claim.network), [NODE_LABEL]: labelValue(claim.nodeName) },
  };
  if (claim.version) metadata.resourceVersion = claim.version;
  return {
    apiVersion: `${HOST_INDEX_CLAIMS.group}/${HOST_INDEX_CLAIMS.version}`,
    kind: HOST_INDEX_CLAIMS.kind,
    metadata,
    spec: { network: claim.network, hostIndex: claim.hostIndex, nodeName: claim.nodeName, interfaces: claim.interfaces },
  };
}

function isWellFormed(o: HostIndexClaimObject): boolean {
  return Number.isInteger(o.spec.hostIndex) && o.spec.hostIndex >= 0 && typeof o.spec.nodeName === 'string' && o.spec.nodeName !== '';
}

function toClaim(o: HostIndexClaimObject): HostClaim {
  const claim: HostClaim = {
    network: o.spec.network,
    hostIndex: o.spec.hostIndex,
    nodeName: o.spec.nodeName,
    interfaces: Array.isArray(o.spec.interfaces) ? o.spec.interfaces : [],
  };
  if (o.metadata.resourceVersion) claim.version = o.metadata.resourceVersion;
  return claim;
}
