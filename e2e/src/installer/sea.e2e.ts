/**
 * The opt-in self-contained binary (tools/build/build-sea.mjs): static-ipam as a Node single-executable
 * application runs as a CNI plugin with no node on PATH, and answers exactly as the bundle run by node does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT, buildPlugins, builtPluginPath, execCni, type CniInvocation } from '../support';

let out: string;
let sea: string;

beforeAll(() => {
  buildPlugins('static-ipam');
  out = mkdtempSync(join(tmpdir(), 'plxct-sea-'));
  const build = spawnSync(process.execPath, ['tools/build/build-sea.mjs', '--out', out, 'static-ipam'], { cwd: WORKSPACE_ROOT, encoding: 'utf8', timeout: 300_000 });
  if (build.status !== 0) throw new Error(`build-sea failed: ${build.stderr}${build.stdout}`);
  sea = join(out, 'static-ipam');
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const conf = {
  cniVersion: '1.1.0',
  name: 'plxct-sea',
  type: 'static-ipam',
  ipam: { type: 'static-ipam', addresses: [{ address: '10.199.4.5/24', gateway: '10.199.4.1' }], routes: [{ dst: '0.0.0.0/0' }], dns: { nameservers: ['10.199.4.1'] } },
};
const attachment = { containerId: 'plxct-sea', netns: '/var/run/netns/plxct-sea-none', ifName: 'eth0', path: '/nonexistent' };
// No node anywhere on PATH: the binary must carry its own runtime.
const NO_NODE = { PATH: '/nonexistent' };

/** viaNode runs the plain bundle (its shebang finds node on the test's PATH), for comparison. */
function viaNode(inv: CniInvocation) {
  return execCni(builtPluginPath('static-ipam'), inv);
}

describe('self-contained static-ipam', () => {
  it('is an executable ELF that carries the bundle', () => {
    expect(readFileSync(sea).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(statSync(sea).mode & 0o777).toBe(0o755);
    expect(statSync(sea).size).toBeGreaterThan(statSync(process.execPath).size);
    expect(readFileSync(sea).includes('// plexus-plugin-api:1 static-ipam')).toBe(true);
  });

  it('answers VERSION without node on PATH', () => {
    const v = execCni(sea, { command: 'VERSION', stdin: { cniVersion: '1.0.0' }, env: NO_NODE });
    expect(v).toMatchObject({ status: 0, stderr: '' });
    expect(v.json).toEqual({ cniVersion: '1.0.0', supportedVersions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] });
  });

  it('ADDs, DELs and fails exactly as the bundle run by node', () => {
    const add = execCni(sea, { command: 'ADD', stdin: conf, ...attachment, env: NO_NODE });
    expect(add).toMatchObject({ status: 0, stderr: '' });
    expect(add.json).toEqual({
      cniVersion: '1.1.0',
      ips: [{ address: '10.199.4.5/24', gateway: '10.199.4.1' }],
      routes: [{ dst: '0.0.0.0/0' }],
      dns: { nameservers: ['10.199.4.1'] },
    });
    expect(add.stdout).toBe(viaNode({ command: 'ADD', stdin: conf, ...attachment }).stdout);

    expect(execCni(sea, { command: 'DEL', stdin: conf, ...attachment, env: NO_NODE })).toMatchObject({ status: 0, stdout: '' });

    const badConf = { ...conf, ipam: { type: 'static-ipam', addresses: [{ address: '10.199.4.5' }] } };
    const bad = execCni(sea, { command: 'ADD', stdin: badConf, ...attachment, env: NO_NODE });
    expect(bad.status).toBe(1);
    expect(bad.json).toMatchObject({ code: 7 });
    expect(bad.stdout).toBe(viaNode({ command: 'ADD', stdin: badConf, ...attachment }).stdout);
  });
});
