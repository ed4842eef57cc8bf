import { parseValidAttachments } from './valid-attachments';

describe('parseValidAttachments', () => {
  it('reads containerID/ifname pairs and refuses anything else', () => {
    expect(parseValidAttachments(undefined)).toEqual([]);
    expect(parseValidAttachments('a/eth0, b/net1')).toEqual([
      { containerID: 'a', ifname: 'eth0' },
      { containerID: 'b', ifname: 'net1' },
    ]);
    for (const bad of ['a', 'a/', '/eth0', 'a/b/c']) expect(() => parseValidAttachments(bad)).toThrow(`--valid: "${bad}" is not containerID/ifname`);
  });
});
