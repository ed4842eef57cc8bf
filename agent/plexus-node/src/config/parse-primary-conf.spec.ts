import { findPrimaryConfName } from './find-primary-conf';
import { parsePrimaryConf } from './parse-primary-conf';
import { renderDispatcherConf } from './render-dispatcher-conf';

describe('findPrimaryConfName', () => {
  it('picks the lexically first .conf/.conflist that is not ours, in byte order', () => {
    expect(findPrimaryConfName(['10-flannel.conflist', '00-plexus.conflist', '05-b.conf', 'README', '.05-a.conf.tmp-1', 'Z.conf'])).toBe('05-b.conf');
    expect(findPrimaryConfName(['Z.conf', 'a.conf'])).toBe('Z.conf');
  });
  it('is undefined while only our file (or no conf) is there', () => {
    expect(findPrimaryConfName(['00-plexus.conflist', 'plexus.d', 'x.json'])).toBeUndefined();
  });
});

describe('parsePrimaryConf', () => {
  const list = JSON.stringify({ cniVersion: '0.4.0', name: 'k8s-pod-network', plugins: [{ type: 'bridge' }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'bandwidth', capabilities: { bandwidth: true, off: false } }] });

  it('takes cniVersion, name and every capability of a conflist', () => {
    expect(parsePrimaryConf('/c/10-x.conflist', list)).toEqual({ path: '/c/10-x.conflist', cniVersion: '0.4.0', name: 'k8s-pod-network', capabilities: ['bandwidth', 'portMappings'] });
  });

  it('reads a single conf', () => {
    expect(parsePrimaryConf('/c/10-x.conf', JSON.stringify({ cniVersion: '1.0.0', name: 'n', type: 'bridge' }))).toMatchObject({ cniVersion: '1.0.0', capabilities: [] });
  });

  it.each([
    ['{not json', /"\/c\/a.conf" is not valid JSON/],
    ['[]', /is not a JSON object/],
    [JSON.stringify({ cniVersion: '9.9.9', name: 'n', type: 't' }), /invalid cniVersion: "9.9.9"/],
    [JSON.stringify({ cniVersion: '1.0.0', type: 't' }), /invalid name/],
    [JSON.stringify({ cniVersion: '1.0.0', name: 'n' }), /invalid type/],
  ])('refuses %s naming the file and field', (text, msg) => {
    expect(() => parsePrimaryConf('/c/a.conf', text)).toThrow(msg);
  });

  it('names the plugin index of a conflist', () => {
    expect(() => parsePrimaryConf('/c/a.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'a' }, {}] }))).toThrow(/invalid plugins\[1\]\.type/);
    expect(() => parsePrimaryConf('/c/a.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [] }))).toThrow(/invalid plugins/);
  });
});

describe('renderDispatcherConf', () => {
  it('wraps the primary by path as clusterNetwork in its cniVersion, with pod annotations and its capabilities', () => {
    const conf = JSON.parse(
      renderDispatcherConf({ primary: { path: '/c/10-x.conflist', cniVersion: '0.4.0', name: 'x', capabilities: ['portMappings'] }, kubeconfigPath: '/c/plexus.d/plexus.kubeconfig' }),
    );
    expect(conf).toEqual({
      cniVersion: '0.4.0',
      name: 'plexus',
      plugins: [
        {
          type: 'meta-dispatcher',
          kubeconfig: '/c/plexus.d/plexus.kubeconfig',
          clusterNetwork: '/c/10-x.conflist',
          capabilities: { 'io.kubernetes.cri.pod-annotations': true, portMappings: true },
        },
      ],
    });
  });
});
