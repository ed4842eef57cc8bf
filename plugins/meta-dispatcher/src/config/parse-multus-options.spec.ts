import type { NetConf } from '@plexus/cni-spec';
import { catchCniError } from '@plexus/cni-spec/testing';
import { parseDispatcherConfig } from './parse-dispatcher-config';

const base = { cniVersion: '1.0.0', name: 'multus-cni-network', type: 'meta-dispatcher' };
const parse = (extra: Record<string, unknown>) => parseDispatcherConfig({ ...base, ...extra } as NetConf);
const errorOf = (extra: Record<string, unknown>) => catchCniError(() => parse(extra));

/** The thin conf Multus' thin_entrypoint writes (docs/how-to-use.md), with only `type` changed. */
const thinConf = {
  ...base,
  capabilities: { portMappings: true, bandwidth: true },
  cniDir: '/var/lib/cni/multus',
  binDir: '/opt/cni/bin',
  kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig',
  readinessindicatorfile: '/run/flannel/subnet.env',
  logFile: '/var/log/multus.log',
  logLevel: 'verbose',
  logToStderr: false,
  logOptions: { maxSize: 50, maxAge: 7, maxBackups: 3, compress: false },
  namespaceIsolation: true,
  globalNamespaces: 'default,shared',
  delegates: [{ cniVersion: '0.3.1', name: 'cbr0', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] }],
};

describe('Multus thin-config keys', () => {
  it('reads every key of a thin conf with Multus\' meaning', () => {
    const c = parse(thinConf);
    expect(c.cacheDir).toBe('/var/lib/cni/multus');
    expect(c.binDir).toBe('/opt/cni/bin');
    expect(c.kubeconfig).toBe('/etc/cni/net.d/multus.d/multus.kubeconfig');
    expect(c.readinessIndicatorFile).toBe('/run/flannel/subnet.env');
    expect(c.readinessTimeoutMs).toBe(45_000);
    expect(c.logToStderr).toBe(false);
    expect(c.logRotation).toEqual({ maxSize: 50, maxAge: 7, maxBackups: 3, compress: false });
    expect(c.logLevel).toBe('debug');
    expect(c.globalNamespaces).toEqual(['default', 'shared']);
    expect(c.capabilities).toEqual({ portMappings: true, bandwidth: true });
    expect(c.delegates).toHaveLength(1);
    expect(c.delegates[0]).toMatchObject({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel' }, { type: 'portmap' }] });
    expect(c.mergedResult).toBe(false);
    // logFile is rotated now (skel's file sink): no "not rotated" warning any more.
    expect(c.warnings).toEqual([]);
  });

  it('fills logOptions with lumberjack\'s defaults as Multus does', () => {
    expect(parse({ logOptions: { maxSize: 10 } }).logRotation).toEqual({ maxSize: 10, maxAge: 5, maxBackups: 5, compress: true });
  });

  it('wraps a single delegate conf as a conflist and names it by its name', () => {
    const c = parse({ delegates: [{ cniVersion: '0.3.1', name: 'weave', type: 'weave-net', hairpinMode: true }, { cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }] });
    expect(c.delegates.map((d) => [d.name, d.plugins[0]!.type])).toEqual([['weave', 'weave-net'], ['sriov', 'sriov']]);
  });

  it('merges results for DANM by default, and on request otherwise', () => {
    expect(parse({ danm: { enabled: true } }).mergedResult).toBe(true);
    expect(parse({ danm: true }).mergedResult).toBe(true);
    expect(parse({ mergedResult: true }).mergedResult).toBe(true);
    expect(parse({ danm: { enabled: true }, mergedResult: false }).mergedResult).toBe(false);
  });

  it('warns about keys it does not read, and about Multus keys that have no effect here', () => {
    expect(parse({ cniConf: '/host/etc/cni/multus/net.d', retryDeleteOnError: true, colour: 'blue' }).warnings).toEqual([
      expect.stringContaining('"cniConf" has no effect'),
      expect.stringContaining('"retryDeleteOnError" has no effect'),
      'unknown key "colour" is ignored',
    ]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['delegates with clusterNetwork', { delegates: thinConf.delegates, clusterNetwork: 'calico' }, 'invalid delegates', /clusterNetwork/],
    ['delegates with defaultNetworks', { delegates: thinConf.delegates, defaultNetworks: ['x'] }, 'invalid delegates', /defaultNetworks/],
    ['delegates with networks', { delegates: thinConf.delegates, networks: ['x'] }, 'invalid delegates', /networks/],
    ['a delegate that is not an object', { delegates: ['cbr0'] }, 'invalid delegates[0]', /string/],
    ['a delegate without a name', { delegates: [{ cniVersion: '0.3.1', type: 'flannel' }] }, 'invalid delegates[0].name', /missing/],
    ['cniDir and cacheDir disagreeing', { cniDir: '/a', cacheDir: '/b' }, 'invalid cniDir', /conflicts/],
    ['a relative cniDir', { cniDir: 'var/lib' }, 'invalid cniDir', /absolute/],
    ['a relative readinessindicatorfile', { readinessindicatorfile: 'run/x' }, 'invalid readinessindicatorfile', /absolute/],
    ['a non-boolean logToStderr', { logToStderr: 'yes' }, 'invalid logToStderr', /true or false/],
    ['an unknown logOptions key', { logOptions: { maxsize: 1 } }, 'invalid logOptions.maxsize', /unknown key/],
    ['a negative logOptions.maxAge', { logOptions: { maxAge: -1 } }, 'invalid logOptions.maxAge', /whole number/],
    ['a non-boolean capability', { capabilities: { portMappings: 'yes' } }, 'invalid capabilities.portMappings', /boolean/],
    ['the auxiliary chain', { auxiliaryCNIChainName: 'vendor' }, 'invalid auxiliaryCNIChainName', /not supported/],
    ['a thick-mode key', { daemonSocketDir: '/run/multus' }, 'invalid daemonSocketDir', /thick/],
  ])('refuses %s (code 7 naming the key)', (_, extra, msg, details) => {
    const err = errorOf(extra);
    expect(err.code).toBe(7);
    expect(err.msg).toBe(msg);
    expect(err.details).toMatch(details);
  });
});
