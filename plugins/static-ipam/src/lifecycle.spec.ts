import { ALL_SPEC_VERSIONS, VERSIONS_WITH_GC } from '@plexus/cni-spec/testing';
import { invokePlugin } from '@plexus/skel/testing';
import { createStaticIpamHandlers } from './handlers';

const plugin = { name: 'static-ipam', handlers: createStaticIpamHandlers({}) };

describe.each(ALL_SPEC_VERSIONS)('DEL at cniVersion %s', (cniVersion) => {
  it('succeeds with nothing to do, even for a config ADD would refuse and without CNI_NETNS', async () => {
    const conf = { cniVersion, name: 'net1', type: 'static-ipam', ipam: { addresses: [{ address: 'not-a-cidr' }] } };
    for (const cniArgs of ['', 'FOO=bar']) {
      expect(await invokePlugin(plugin, { command: 'DEL', conf, cniArgs, netns: '' })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    }
  });

  it('succeeds twice in a row and without an ipam section', async () => {
    const conf = { cniVersion, name: 'net1', type: 'static-ipam' };
    expect((await invokePlugin(plugin, { command: 'DEL', conf })).exitCode).toBe(0);
    expect((await invokePlugin(plugin, { command: 'DEL', conf })).exitCode).toBe(0);
  });
});

describe.each(VERSIONS_WITH_GC)('STATUS and GC at cniVersion %s', (cniVersion) => {
  const conf = { cniVersion, name: 'net1', type: 'static-ipam', ipam: { addresses: [{ address: '10.250.0.5/24' }] } };
  // libcni sends GC and STATUS with the attachment variables empty.
  const noAttachment = { containerId: '', netns: '', ifName: '' };

  it('STATUS reports ready', async () => {
    expect(await invokePlugin(plugin, { command: 'STATUS', conf, ...noAttachment })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('GC succeeds: nothing was allocated', async () => {
    const gcConf = { ...conf, 'cni.dev/valid-attachments': [{ containerID: 'c1', ifname: 'eth0' }] };
    expect(await invokePlugin(plugin, { command: 'GC', conf: gcConf, ...noAttachment })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});
