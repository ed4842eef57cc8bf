import { CHECKPOINT_KIND, type Checkpoint } from './checkpoint';
import { configsInUse } from './distinct-configs';

const cp = (id: string, attachments: Checkpoint['attachments']): Checkpoint => ({
  kind: CHECKPOINT_KIND,
  version: 1,
  containerId: id,
  netns: '/n',
  ifName: 'eth0',
  cniVersion: '1.1.0',
  phase: 'added',
  attachments,
  reservations: [],
});
const att = (index: number, ifName: string, config?: string) => ({ index, ifName, network: 'n', source: 'multus' as const, isPrimary: index === 0, cniArgs: [] as Array<[string, string]>, capabilityArgs: {}, requested: {}, ...(config ? { config } : {}) });

// The store and the format are tested in @plexus/checkpoint.

describe('configsInUse', () => {
  it('lists distinct conflists with every attachment of the same network name (also across different bytes)', () => {
    const a1 = '{"name":"same","cniVersion":"1.1.0","plugins":[{"type":"a"}]}';
    const a2 = '{"name":"same","cniVersion":"1.1.0","plugins":[{"type":"a","x":1}]}';
    const used = configsInUse([cp('c1', [att(0, 'eth0', a1), att(1, 'net1')]), cp('c2', [att(0, 'eth0', a1), att(1, 'net1', a2)])]);
    expect(used.map((u) => [u.list.bytes, u.attachments])).toEqual([
      [a1, [{ containerID: 'c1', ifname: 'eth0' }, { containerID: 'c2', ifname: 'eth0' }, { containerID: 'c2', ifname: 'net1' }]],
      [a2, [{ containerID: 'c1', ifname: 'eth0' }, { containerID: 'c2', ifname: 'eth0' }, { containerID: 'c2', ifname: 'net1' }]],
    ]);
  });
});
