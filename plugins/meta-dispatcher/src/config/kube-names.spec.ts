import { runtimeCapabilityArgs } from '../sources/runtime-capabilities';
import { dnsLabelProblem, isDnsLabel, isDnsSubdomain } from './kube-names';

describe('Kubernetes names', () => {
  it.each([
    ['a', true, true],
    ['web-0', true, true],
    ['0abc', true, true],
    ['a.b', false, true],
    ['A', false, false],
    ['-a', false, false],
    ['a-', false, false],
    ['a_b', false, false],
    ['', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    ['a'.repeat(254), false, false],
    ['../x', false, false],
  ])('%j: label %s, subdomain %s', (name, label, subdomain) => {
    expect(isDnsLabel(name)).toBe(label);
    expect(isDnsSubdomain(name)).toBe(subdomain);
    if (!label) expect(dnsLabelProblem(name)).toEqual(expect.any(String));
  });

  it('gives the primary every runtime capability but the pod annotations', () => {
    expect(runtimeCapabilityArgs({ portMappings: [], 'io.kubernetes.cri.pod-annotations': {}, bandwidth: { ingressRate: 1 } })).toEqual({ portMappings: [], bandwidth: { ingressRate: 1 } });
    expect(runtimeCapabilityArgs(undefined)).toEqual({});
  });
});
