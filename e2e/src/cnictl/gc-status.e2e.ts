/**
 * CNI 1.1.0's STATUS and GC through cnictl, on a network of our own plugins (the Debian reference plugins stop at
 * 1.0.0). A logging shim in front of each plugin records what it was run with, so the test sees the commands,
 * their order, the empty attachment variables and `cni.dev/valid-attachments`.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlugins, builtPluginPath, makeCniBinDir, type CniBinDir, type TestNetns } from '../support';
import { CnictlWorld, containerIdFor } from './cnictl-world';

const NET = 'plxct-v11';

let bin: CniBinDir;
let world: CnictlWorld;
let log: string;

interface Logged {
  type: string;
  command: string;
  containerId: string;
  netns: string;
  ifName: string;
  stdin: Record<string, unknown>;
}

/** shim writes `<binDir>/<type>`: log one JSON line (argv-free: env and stdin), then run the real plugin. */
function shim(type: string, real: string): void {
  const path = join(bin.dir, type);
  writeFileSync(
    path,
    `#!/bin/sh
in=$(cat)
printf '{"type":"%s","command":"%s","containerId":"%s","netns":"%s","ifName":"%s","stdin":%s}\\n' \\
  "${type}" "$CNI_COMMAND" "$CNI_CONTAINERID" "$CNI_NETNS" "$CNI_IFNAME" "$in" >> "${log}"
printf '%s' "$in" | exec "${real}"
`,
  );
  chmodSync(path, 0o755);
}

const logged = (): Logged[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Logged) : []);

beforeAll(() => {
  buildPlugins('tools', 'static-ipam');
  bin = makeCniBinDir({});
  log = join(bin.dir, 'calls.log');
  shim('static-ipam', builtPluginPath('static-ipam'));
}, 180_000);
afterAll(() => bin?.remove());

beforeEach(() => {
  world = new CnictlWorld(bin.dir, 'plxctbr2');
  writeFileSync(log, '');
  world.conflist('10-v11.conflist', {
    cniVersion: '1.0.0',
    cniVersions: ['1.0.0', '1.1.0', '9.9.9'],
    name: NET,
    plugins: [{ type: 'static-ipam', ipam: { type: 'static-ipam', addresses: [{ address: '10.199.3.10/24' }] } }],
  });
});
afterEach(() => world.cleanup());

describe('cnictl 1.1.0 commands', () => {
  it('picks 1.1.0 from cniVersions, runs STATUS with empty attachment variables', () => {
    expect(world.cnictl(['status', NET])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(logged()).toEqual([
      { type: 'static-ipam', command: 'STATUS', containerId: '', netns: '', ifName: '', stdin: { cniVersion: '1.1.0', ipam: expect.any(Object), name: NET, type: 'static-ipam' } },
    ]);
  });

  it('GC DELs the stale attachment with its cached result, then sends GC with the valid attachments', () => {
    const pods: TestNetns[] = [world.pod(), world.pod()];
    const added = pods.map((p) => JSON.parse(world.cnictlOk(['add', NET, p.path])));
    expect(added[0]).toEqual({ cniVersion: '1.1.0', ips: [{ address: '10.199.3.10/24' }], dns: {} });
    writeFileSync(log, '');

    const valid = `${containerIdFor(pods[0]!.path)}/eth0`;
    world.cnictlOk(['gc', NET, '--valid', valid]);
    const calls = logged();
    expect(calls.map((c) => c.command)).toEqual(['DEL', 'GC']);
    expect(calls[0]).toMatchObject({ containerId: containerIdFor(pods[1]!.path), netns: pods[1]!.path, ifName: 'eth0', stdin: { prevResult: added[1] } });
    const attachments = [{ containerID: containerIdFor(pods[0]!.path), ifname: 'eth0' }];
    expect(calls[1]).toMatchObject({ containerId: '', netns: '', ifName: '', stdin: { 'cni.dev/valid-attachments': attachments, 'cni.dev/attachments': attachments } });
    expect(existsSync(join(world.cacheDir, 'results', `${NET}-${containerIdFor(pods[0]!.path)}-eth0`))).toBe(true);
    expect(existsSync(join(world.cacheDir, 'results', `${NET}-${containerIdFor(pods[1]!.path)}-eth0`))).toBe(false);
  });

  it('a failing STATUS exits 1 naming the plugin', () => {
    world.conflist('20-broken.conflist', { cniVersion: '1.1.0', name: 'plxct-broken', plugins: [{ type: 'static-ipam' }, { type: 'missing-plugin' }] });
    const out = world.cnictl(['status', 'plxct-broken']);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^plugin type="missing-plugin" failed \(status\): failed to find plugin "missing-plugin" in path/);
    expect(logged().map((c) => c.command)).toEqual(['STATUS']);
  });
});
