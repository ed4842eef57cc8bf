/**
 * Issue 11 with the real cnictl: hostile names never reach outside the cache dir, an unreadable cache entry is
 * kept, and a stuck pod's meta-dispatcher checkpoint is purged with each delegate's real DEL (reference bridge +
 * static), reporting what could not be undone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_PLUGIN_DIR, buildPlugins, ipJson, type TestNetns } from '../support';
import { CnictlWorld, containerIdFor } from './cnictl-world';

const NET = 'plxct-stuck';

let world: CnictlWorld;
let pod: TestNetns;
let confText: string;

beforeAll(() => buildPlugins('tools'), 120_000);

beforeEach(() => {
  world = new CnictlWorld(REFERENCE_PLUGIN_DIR, 'plxctbr1');
  pod = world.pod();
  confText = world.conflist('10-stuck.conflist', {
    cniVersion: '1.0.0',
    name: NET,
    plugins: [{ type: 'bridge', bridge: 'plxctbr1', isGateway: false, ipMasq: false, ipam: { type: 'static', addresses: [{ address: '10.199.7.10/24' }] } }],
  });
});

afterEach(() => world.cleanup());

const hostVeths = () => ipJson(world.host, ['link', 'show', 'type', 'veth']);

describe('cnictl and hostile names', () => {
  it('a CNI_IFNAME or network name with ".." deletes nothing outside the cache dir', () => {
    const victim = join(world.tmp, 'victim');
    writeFileSync(victim, 'keep');
    for (const command of ['del', 'check']) {
      const out = world.cnictl([command, NET, pod.path], { CNI_IFNAME: 'x/../../../victim' });
      expect(out.status).toBe(1);
      expect(out.stderr).toMatch(/invalid CNI_IFNAME/);
    }
    world.conflist('20-evil.conflist', { cniVersion: '1.0.0', name: '../../victim', plugins: [{ type: 'bridge', bridge: 'plxctbr1' }] });
    expect(world.cnictl(['del', '../../victim', pod.path])).toMatchObject({ status: 1, stderr: expect.stringContaining('invalid network name') });
    expect(readFileSync(victim, 'utf8')).toBe('keep');
  }, 60_000);

  it('an unreadable cache entry is kept and DEL fails naming it', () => {
    const results = join(world.cacheDir, 'results');
    mkdirSync(results, { recursive: true });
    const entry = join(results, `${NET}-${containerIdFor(pod.path)}-eth0`);
    writeFileSync(entry, 'garbage');
    const out = world.cnictl(['del', NET, pod.path]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`failed to get network "${NET}" cached result`);
    expect(readFileSync(entry, 'utf8')).toBe('garbage');
  }, 60_000);
});

describe('cnictl checkpoints', () => {
  it('purges a stuck pod: the delegate DEL really runs, what cannot be undone is reported, the checkpoint goes', () => {
    const added = JSON.parse(world.cnictlOk(['add', NET, pod.path]));
    // Forget cnictl's own cache: from here on only the dispatcher checkpoint knows about the attachment.
    world.cnictlOk(['gc', NET, '--valid', `${containerIdFor(pod.path)}/eth0`]);
    expect(hostVeths()).toHaveLength(1);
    const dir = join(world.tmp, 'checkpoints');
    mkdirSync(dir);
    const containerId = `stuck-${'x'.repeat(280)}`;
    const checkpoint = {
      kind: 'plexus.meta-dispatcher/checkpoint',
      version: 1,
      containerId,
      netns: pod.path,
      ifName: 'eth0',
      cniVersion: '1.0.0',
      pod: { namespace: 'default', name: 'stuck' },
      phase: 'added',
      attachments: [{ index: 0, network: NET, source: 'cluster-network', isPrimary: true, ifName: 'eth0', config: confText, cniArgs: [], capabilityArgs: {}, requested: {}, result: added }],
      reservations: [
        { id: 'r0', kind: 'danm', attachment: 0, network: { kind: 'DanmNet', namespace: 'default', name: 'dn' }, owner: { containerId, ifName: 'net9' }, ip: 'dynamic', ip6: 'none', state: 'reserved' },
      ],
    };
    writeFileSync(join(dir, 'broken.json'), '{"kind":');
    // Written under the name the dispatcher gives an over-long id.
    const hashed = `_sha256-${createHash('sha256').update(containerId).digest('hex')}.json`;
    writeFileSync(join(dir, hashed), JSON.stringify(checkpoint));

    const list = world.cnictlOk(['checkpoints', 'list', '--dir', dir]);
    expect(list).toMatch(/UNREADABLE .*broken\.json/);
    expect(list).toMatch(new RegExp(`stuck-x+\\.\\.\\. +default/stuck +added +eth0=${NET} +${hashed}`));
    expect(JSON.parse(world.cnictlOk(['checkpoints', 'show', containerId, '--dir', dir])).containerId).toBe(containerId);

    const purge = world.cnictl(['checkpoints', 'purge', containerId, '--dir', dir]);
    expect(purge.status).toBe(3);
    expect(JSON.parse(purge.stdout)).toMatchObject({
      containerId,
      removed: true,
      steps: [{ op: 'delete', network: NET, ifName: 'eth0' }, { op: 'release', ifName: 'net9', error: expect.stringContaining('cannot release DANM addresses') }],
    });
    expect(purge.stderr).toContain('not undone: release net9 (DanmNet default/dn)');
    expect(hostVeths()).toEqual([]);
    expect(ipJson<Array<{ ifname: string }>>(pod, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);

    expect(world.cnictl(['checkpoints', 'purge', 'broken.json', '--dir', dir])).toMatchObject({ status: 1, stderr: expect.stringContaining('purge --force') });
    expect(world.cnictl(['checkpoints', 'purge', 'broken.json', '--dir', dir, '--force']).status).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, hashed))).toBe(false);
  }, 90_000);
});
