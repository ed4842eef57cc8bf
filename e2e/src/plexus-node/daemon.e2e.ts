/**
 * plexus-node as a daemon on a throwaway node: /healthz and /metrics on 127.0.0.1, the conf follows the primary,
 * a rotated service-account token reaches the plugin kubeconfig (and the API accepts only the new one), and SIGTERM
 * with --cleanup-config-on-exit removes our conf.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlugins } from '../support';
import { NodeWorld, startAgent } from './node-world';

let w: NodeWorld;
beforeAll(() => buildPlugins('plexus-node', 'static-ipam'), 240_000);
beforeEach(async () => {
  w = new NodeWorld();
  await w.startApi();
});
afterEach(() => w.cleanup());

const conf = () => join(w.confDir, '00-plexus.conflist');
const kubeconfigToken = () => JSON.parse(readFileSync(join(w.confDir, 'plexus.d', 'plexus.kubeconfig'), 'utf8')).users[0].user.token as string;

describe('plexus-node daemon', () => {
  it('serves /healthz and /metrics, follows the primary, picks up a rotated token, and removes its conf on SIGTERM', async () => {
    w.primaryConf();
    const agent = await startAgent(w, ['--plugins', 'static-ipam', '--cleanup-config-on-exit']);
    await agent.waitFor(/set-up done/);
    expect(existsSync(conf())).toBe(true);
    const health = await fetch(`http://127.0.0.1:${agent.port}/healthz`);
    expect(health.status).toBe(200);

    // The primary changes: another conf takes the first place.
    writeFileSync(join(w.confDir, '05-other.conf'), JSON.stringify({ cniVersion: '0.4.0', name: 'other', type: 'ptp' }));
    await agent.waitFor(/rewrote 00-plexus\.conflist for primary .*05-other\.conf/);
    expect(JSON.parse(readFileSync(conf(), 'utf8'))).toMatchObject({ cniVersion: '0.4.0', plugins: [{ clusterNetwork: join(w.confDir, '05-other.conf') }] });

    // Token rotation: the kubelet swaps the file; the API stops accepting the old token.
    w.api!.setTokens(['tok-rotated']);
    writeFileSync(join(w.saDir, 'token'), 'tok-rotated');
    await agent.waitFor(/refreshed .*plexus\.kubeconfig/);
    expect(kubeconfigToken()).toBe('tok-rotated');

    const metrics = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    expect(metrics).toMatch(/^plexus_node_conf_writes_total 1$/m);
    expect(metrics).toMatch(/^plexus_node_kubeconfig_writes_total 1$/m);

    expect(await agent.stop()).toBe(0);
    expect(existsSync(conf())).toBe(false);
    expect(agent.stderr()).toContain('removed');
  }, 90_000);

  it('keeps retrying (not exiting) while the primary conf is invalid, unhealthy, then recovers', async () => {
    writeFileSync(join(w.confDir, '10-bad.conf'), '{nope');
    const agent = await startAgent(w, ['--plugins', 'static-ipam']);
    await agent.waitFor(/set-up failed \(retrying in 1 s\): primary CNI conf .*10-bad\.conf" is not valid JSON/);
    expect((await fetch(`http://127.0.0.1:${agent.port}/healthz`)).status).toBe(503);
    writeFileSync(join(w.confDir, '10-bad.conf'), JSON.stringify({ cniVersion: '1.0.0', name: 'fixed', type: 'bridge' }));
    await agent.waitFor(/set-up done/);
    expect((await fetch(`http://127.0.0.1:${agent.port}/healthz`)).status).toBe(200);
    expect(await agent.stop()).toBe(0);
    expect(existsSync(conf())).toBe(true);
  }, 90_000);
});
