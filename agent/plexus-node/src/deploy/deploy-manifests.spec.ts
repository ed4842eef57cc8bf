// deploy/ validated offline: rendered as `kubectl kustomize deploy/` does (render-kustomization.ts: the subset the
// kustomization uses, refusing anything else, so no kubectl binary is needed), and every
// object is checked against the Kubernetes OpenAPI schemas shipped by the kubernetes-models package (generated from
// the upstream OpenAPI spec; nothing hand-written). Plus the contracts the schema cannot see: RBAC is exactly what
// the code calls, the DaemonSet's args parse with plexus-node's own parser, and the CRDs match what the code reads.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Namespace, ServiceAccount, ConfigMap } from 'kubernetes-models/v1';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { parseAgentArgs } from '../cli/parse-args';
import { renderKustomization } from './render-kustomization';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const DEPLOY = join(ROOT, 'deploy');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are arbitrary JSON, probed field by field
type Obj = Record<string, any>;

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  ConfigMap,
  DaemonSet,
  ClusterRole,
  ClusterRoleBinding,
  CustomResourceDefinition,
};

const objects = renderKustomization(join(DEPLOY, 'kustomization.yaml'));
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

describe('deploy/ (kustomize-rendered, validated against the Kubernetes OpenAPI schemas)', () => {
  it('renders exactly the objects an admin needs', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/plexus-node',
      'ClusterRoleBinding/plexus-node',
      'ConfigMap/plexus-node',
      'CustomResourceDefinition/clusternetworks.danm.plexus.io',
      'CustomResourceDefinition/danmnets.danm.plexus.io',
      'CustomResourceDefinition/hostindexclaims.multinic.plexus.io',
      'CustomResourceDefinition/network-attachment-definitions.k8s.cni.cncf.io',
      'CustomResourceDefinition/tenantnetworks.danm.plexus.io',
      'DaemonSet/plexus-node',
      'Namespace/plexus-system',
      'ServiceAccount/plexus-node',
    ]);
  });

  it.each(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))('%s is valid', (_name, obj) => {
    const Model = MODELS[obj.kind];
    expect(Model).toBeDefined();
    expect(() => new Model!(obj as never).validate()).not.toThrow();
  });

  it('the schema check is real: a malformed DaemonSet is refused', () => {
    const ds = structuredClone(byKind('DaemonSet')[0]!);
    ds.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(() => new DaemonSet(ds as never).validate()).toThrow();
    delete ds.spec.selector;
    expect(() => new DaemonSet(ds as never).validate()).toThrow();
  });

  it('RBAC is least privilege: no wildcards, exactly the calls the code makes', () => {
    const role = byKind('ClusterRole')[0]!;
    const grants = role.rules.flatMap((r: Obj) => r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => `${g || 'core'}/${res}:${v}`)))).sort();
    expect(grants.join(' ')).not.toContain('*');
    expect(grants).toEqual(
      [
        'core/pods:get', 'core/pods:list', 'core/pods:watch', 'core/pods/status:patch', 'core/events:create', 'core/nodes:list',
        'k8s.cni.cncf.io/network-attachment-definitions:get', 'k8s.cni.cncf.io/network-attachment-definitions:list', 'k8s.cni.cncf.io/network-attachment-definitions:watch',
        ...['danmnets', 'tenantnetworks', 'clusternetworks'].flatMap((r) => ['get', 'list', 'watch', 'update'].map((v) => `danm.plexus.io/${r}:${v}`)),
        ...['list', 'create', 'update', 'delete'].map((v) => `multinic.plexus.io/hostindexclaims:${v}`),
      ].sort(),
    );
    const binding = byKind('ClusterRoleBinding')[0]!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'plexus-node', namespace: 'plexus-system' }]);
  });

  it('the DaemonSet runs the agent with args its parser accepts, mounts host paths at the same paths, probes /healthz', () => {
    const ds = byKind('DaemonSet')[0]!;
    const pod = ds.spec.template.spec;
    const c = pod.containers[0];
    const cm = byKind('ConfigMap')[0]!.data as Record<string, string>;
    const args = (c.args as string[]).map((a) => a.replace(/\$\((\w+)\)/g, (_m, k: string) => cm[k] ?? `$(${k})`));
    const o = parseAgentArgs(args, { env: { NODE_NAME: 'n1' }, scriptDir: '/plexus/tools', execPath: '/plexus/node' });
    expect(o).toMatchObject({ once: false, cniBinDir: '/opt/cni/bin', cniConfDir: '/etc/cni/net.d', plugins: 'all', cleanupConfigOnExit: true, runDir: '/run/plexus', metricsPort: 9402, nodeRuntime: '/plexus/node' });
    expect(c.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(c.livenessProbe.httpGet).toEqual({ host: '127.0.0.1', port: 9402, path: '/healthz' });
    expect(c.resources.requests && c.resources.limits).toBeTruthy();
    const volumes = Object.fromEntries(pod.volumes.map((v: Obj) => [v.name, v.hostPath.path]));
    for (const m of c.volumeMounts as Obj[]) expect(volumes[m.name]).toBe(m.mountPath);
    expect(Object.values(volumes).sort()).toEqual(['/etc/cni/net.d', '/opt/cni/bin', '/run/plexus', '/var/lib/cni', '/var/run/netns']);
    expect(c.image).toBe('localhost/plexus-node:0.1.0');
  });

  it('has a CRD for every custom resource the code reads or writes, at the group/version/plural the code uses', () => {
    const crds = byKind('CustomResourceDefinition').map((c) => `${c.spec.group}/${c.spec.versions[0].name}/${c.spec.names.plural}:${c.spec.scope}`);
    expect(crds.sort()).toEqual([
      'danm.plexus.io/v1/clusternetworks:Cluster',
      'danm.plexus.io/v1/danmnets:Namespaced',
      'danm.plexus.io/v1/tenantnetworks:Namespaced',
      'k8s.cni.cncf.io/v1/network-attachment-definitions:Namespaced',
      'multinic.plexus.io/v1/hostindexclaims:Cluster',
    ]);
  });

  it('ships the same HostIndexClaim CRD as plugins/multi-nic-ipam/deploy', () => {
    const ours = parseAllDocuments(readFileSync(join(DEPLOY, 'crds', 'hostindexclaims.yaml'), 'utf8'))[0]!.toJSON();
    const plugin = parseAllDocuments(readFileSync(join(ROOT, 'plugins', 'multi-nic-ipam', 'deploy', 'hostindexclaims.yaml'), 'utf8')).map((d) => d.toJSON() as Obj).find((d) => d.kind === 'CustomResourceDefinition');
    expect(ours).toEqual(plugin);
  });
});
