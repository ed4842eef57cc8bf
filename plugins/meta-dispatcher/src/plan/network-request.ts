/**
 * The contract between the network *sources* (sources/: Multus annotations + NADs, cluster/default networks,
 * DANM-style networks, the Dockin-style HTTP backend, static conf files) and the later stages (plan/ naming,
 * reserve/, the checkpoint, execute/). Sources only read (API, files, backend); they never change anything.
 * Everything that reserves a resource is described here as a request and carried out by reserve/ after the
 * checkpoint is written. It lives in plan/, below sources/, so that every stage can speak it without a cycle.
 */

import type { DanmIpRequest, DanmNetworkRef, FixedAddress, NetworkSource, RequestedByPod } from '@plexus/checkpoint';
import type { DanmNetwork } from './danm-network';
import type { ConfList } from '../config/conf-list';

// The types a checkpoint records are defined with its format in @plexus/checkpoint.
export type { DanmIpRequest, DanmNetworkRef, FixedAddress, NetworkSource, PodIdentity } from '@plexus/checkpoint';

/**
 * One network the pod gets, as resolved by a source, before interface naming and reservations.
 * `confList` is a complete conflist object (`{cniVersion, name, plugins: [...]}`); a single `.conf` is wrapped the
 * way libcni wraps it. When `danmIp` or `multiNic` is set, the core reserves addresses first and then renders the
 * final delegate config(s) (fakeipam carrying the chosen IPs, route-injector the routes).
 */
export interface NetworkRequest {
  source: NetworkSource;
  /** Name used in network-status and events: "<ns>/<nad>", a conf name, "<ns>/<network>". */
  statusName: string;
  /** The cluster network (its result is returned to the runtime and it gets CNI_IFNAME). */
  isPrimary: boolean;
  /** Explicit interface name asked for (Multus `interface`, `@if`, Dockin `ifName`). */
  ifName?: string;
  /** DANM `containerPrefix`: the name becomes prefix + index. */
  ifNamePrefix?: string;
  confList: ConfList;
  /** Capability args offered to the chain (libcni runtimeConfig injection): ips, mac, portMappings, bandwidth, deviceID… */
  capabilityArgs: Record<string, unknown>;
  /** Extra CNI_ARGS pairs for this attachment (e.g. IP=, MAC= for Multus compatibility). */
  cniArgs: Array<[string, string]>;
  /** What the pod asked for; verified against the delegate's result after ADD. */
  requested: RequestedByPod;
  /** The NAD's `k8s.v1.cni.cncf.io/resourceName`: the core gives it the pod's allocated device (kubelet checkpoint). */
  resourceName?: string;
  /** Fixed addresses the delegate must get via fakeipam (Dockin). */
  fixedAddresses?: FixedAddress[];
  /** DANM dynamic integration: the core allocates from the network object and generates the delegate conf. */
  danm?: {
    network: DanmNetworkRef;
    ip: DanmIpRequest;
    ip6: DanmIpRequest;
    /** Pod-requested policy routes (`proutes`/`proutes6`): dst → gw, into the network's routing table. */
    proutes?: Record<string, string>;
    /**
     * The network object as validated when the request was resolved (additive; JSON-safe so it can be
     * checkpointed). `definition.integration` tells how to render: `dynamic` (ipvlan/macvlan: the conf is
     * generated) or `static` (`confList` is `<confDir>/<networkID>.conf`). Render with `renderDanmConfList(request,
     * addresses)` after `allocateDanmIps`.
     */
    definition?: DanmNetwork;
  };
  /** Multi-NIC fan-out: one network → N interfaces `<ifname>-<i>` over the host NIC pool. */
  multiNic?: {
    /** All pool NICs (undefined), a count, or named masters. */
    nics?: number;
    masters?: string[];
    /** The multi-nic-ipam `ipam` object (one ADD allocates every NIC's address). */
    ipam: Record<string, unknown>;
    /** The main plugin object each NIC gets (e.g. {type: "ipvlan", mode: "l3"}); `master` and `ipam` are filled in. */
    plugin: Record<string, unknown>;
  };
}
