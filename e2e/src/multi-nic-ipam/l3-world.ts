import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { createNetns, deleteNetns, ipOk, type TestNetns } from '../support';
import { forwardInto, startApiBridge } from './api-bridge';

/** One stand-in host: a netns with eth1/eth2 on the two "switch" bridges. */
export interface FakeHost {
  node: string;
  ns: TestNetns;
  /** Last octet of its addresses 10.0.1.x (eth1) and 10.0.2.x (eth2). */
  octet: number;
  dataDir: string;
}

/**
 * L3World builds hosts out of throwaway netns (prefix plxmn): a switch netns with bridges br1 and br2, and per host
 * a netns whose eth1/eth2 are veths into those bridges, addressed 10.0.1.x/24 and 10.0.2.x/24 — the NIC pool of
 * the network. The API emulator runs in the test process; each host reaches it on its own 127.0.0.1 through a
 * forwarder. Nothing is created outside these netns and the temp dir.
 */
export class L3World {
  readonly tmp = mkdtempSync(join(tmpdir(), 'plxmn-l3-'));
  readonly hosts: FakeHost[] = [];
  api!: Emulator;
  private sw!: TestNetns;
  private readonly forwarders: ChildProcess[] = [];
  private bridge?: { close(): Promise<void> };

  /** The bearer token the API accepts (in the kubeconfig, and the host agents' service-account token). */
  readonly token = `plxmn-${Math.random().toString(36).slice(2)}`;

  async start(nodes: string[]): Promise<void> {
    this.api = await startEmulator({ tokens: [this.token] });
    const socket = join(this.tmp, 'api.sock');
    this.bridge = await startApiBridge(socket, this.api.port);
    this.sw = createNetns('plxmn-sw');
    for (const br of ['br1', 'br2']) {
      ipOk(this.sw, ['link', 'add', br, 'type', 'bridge']);
      ipOk(this.sw, ['link', 'set', br, 'up']);
    }
    for (const [i, node] of nodes.entries()) {
      const ns = createNetns('plxmn-h');
      const octet = 11 + i;
      for (const [k, nic] of ['eth1', 'eth2'].entries()) {
        const peer = `plxmn${i}${k}`;
        ipOk(ns, ['link', 'add', nic, 'type', 'veth', 'peer', 'name', peer]);
        ipOk(ns, ['link', 'set', peer, 'netns', this.sw.name]);
        ipOk(this.sw, ['link', 'set', peer, 'master', `br${k + 1}`]);
        ipOk(this.sw, ['link', 'set', peer, 'up']);
        ipOk(ns, ['addr', 'add', `10.0.${k + 1}.${octet}/24`, 'dev', nic]);
        ipOk(ns, ['link', 'set', nic, 'up']);
      }
      this.forwarders.push(await forwardInto(ns.name, socket, this.api.port));
      this.api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: node } });
      this.hosts.push({ node, ns, octet, dataDir: join(this.tmp, node) });
    }
  }

  async stop(): Promise<void> {
    for (const f of this.forwarders) f.kill('SIGKILL');
    for (const h of this.hosts) deleteNetns(h.ns);
    deleteNetns(this.sw);
    await this.bridge?.close();
    await this.api?.stop();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
