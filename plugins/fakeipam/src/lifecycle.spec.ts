import { ALL_SPEC_VERSIONS, VERSIONS_WITH_GC } from '@plexus/cni-spec/testing';
import { invokePlugin } from '@plexus/skel/testing';
import { createFakeIpamHandlers } from './handlers';

const plugin = { name: 'fakeipam', handlers: createFakeIpamHandlers({}) };

describe.each(ALL_SPEC_VERSIONS)('DEL at cniVersion %s', (cniVersion) => {
  it('succeeds with nothing to do, whatever ipam holds, and again', async () => {
    for (const ipam of [{ type: 'fakeipam', ips: [{ ipcidr: '10.0.0.5/24', version: 4 }] }, { type: 'fakeipam', ips: [] }, undefined]) {
      const conf = { cniVersion, name: 'net1', type: 'ipvlan', ipam };
      expect(await invokePlugin(plugin, { command: 'DEL', conf, netns: '' })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
      expect(await invokePlugin(plugin, { command: 'DEL', conf, netns: '' })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    }
  });
});

describe.each(VERSIONS_WITH_GC)('STATUS and GC at cniVersion %s', (cniVersion) => {
  const conf = { cniVersion, name: 'net1', type: 'ipvlan', ipam: { type: 'fakeipam' } };
  const noAttachment = { containerId: '', netns: '', ifName: '' };

  it('STATUS reports ready', async () => {
    expect(await invokePlugin(plugin, { command: 'STATUS', conf, ...noAttachment })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('GC succeeds: nothing was allocated', async () => {
    expect(await invokePlugin(plugin, { command: 'GC', conf: { ...conf, 'cni.dev/valid-attachments': [] }, ...noAttachment })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});
