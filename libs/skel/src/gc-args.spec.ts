import { decodeNetConf } from '@plexus/cni-spec';
import { readValidAttachments } from './gc-args';

describe('readValidAttachments', () => {
  const conf = (extra: object) => decodeNetConf(JSON.stringify({ cniVersion: '1.1.0', name: 'n', ...extra }));
  it('reads valid-attachments, falls back to the spec-tag key, and defaults to none', () => {
    expect(readValidAttachments(conf({ 'cni.dev/valid-attachments': [{ containerID: 'a', ifname: 'eth0' }] }))).toEqual([{ containerID: 'a', ifname: 'eth0' }]);
    expect(readValidAttachments(conf({ 'cni.dev/attachments': [{ containerID: 'b', ifname: 'net1' }] }))).toEqual([{ containerID: 'b', ifname: 'net1' }]);
    expect(readValidAttachments(conf({}))).toEqual([]);
  });
  it('names the bad entry', () => {
    expect(() => readValidAttachments(conf({ 'cni.dev/valid-attachments': [{ containerID: 1 }] }))).toThrow(/valid-attachments\[0\]/);
  });
});
