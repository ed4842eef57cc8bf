// One list of Debian packages (tools/test/system-packages.txt) serves the demo, the test lanes and CI: the scripts
// install through ensure-system-packages.sh and carry no apt list of their own, and every lane's group exists.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const ENSURE = resolve(ROOT, 'tools', 'test', 'ensure-system-packages.sh');

function list(...groups: string[]): { status: number | null; packages: string[]; stderr: string } {
  const out = spawnSync('bash', [ENSURE, '--list', ...groups], { encoding: 'utf8' });
  return { status: out.status, packages: out.stdout.split('\n').filter(Boolean), stderr: out.stderr };
}

describe('ensure-system-packages.sh --list', () => {
  it('gives the demo what it runs: iproute2, nsenter, ping and the reference plugins', () => {
    expect(list('demo').packages).toEqual(['iproute2', 'util-linux', 'procps', 'iputils-ping', 'containernetworking-plugins']);
  });

  it('gives the kernel-VM lane a kernel, qemu and the initramfs tools (the "no usable kernel" of a fresh machine)', () => {
    expect(list('vm').packages).toEqual(expect.arrayContaining(['qemu-system-x86', 'linux-image-amd64', 'busybox-static', 'cpio', 'kmod', 'xz-utils', 'zstd']));
  });

  it('gives CI the union of every group', () => {
    const ci = list('ci').packages;
    for (const g of ['demo', 'e2e', 'vm']) expect(ci).toEqual(expect.arrayContaining(list(g).packages));
  });

  it('refuses an unknown group instead of installing nothing', () => {
    const out = list('no-such-group');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('no package in group(s) no-such-group');
  });

  it('knows every group the lane table names', () => {
    const lanes = readFileSync(resolve(ROOT, 'tools', 'test', 'lanes.mjs'), 'utf8');
    const groups = [...lanes.matchAll(/packages: '([^']+)'/g)].flatMap((m) => m[1].split(' '));
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(list(g).status).toBe(0);
  });

  it.each(['.ci/run', 'tools/demo/run-demo.sh', 'tools/test/run-all.sh'])('%s installs through the shared list only, and npm ci without a fallback', (file) => {
    const text = readFileSync(resolve(ROOT, file), 'utf8');
    expect(text).not.toMatch(/apt-get install/);
    expect(text).not.toMatch(/npm install/);
  });
});
