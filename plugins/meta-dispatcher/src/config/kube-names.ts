const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * dnsLabelProblem tells why a name is not an RFC 1123 DNS label (what Kubernetes requires of namespaces and what
 * Multus requires of names in the networks annotation), or undefined when it is one.
 */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 63) return `is ${name.length} characters long (a DNS label has at most 63)`;
  if (!DNS_LABEL_RE.test(name)) return 'must consist of lower case alphanumeric characters or "-", and start and end with an alphanumeric character';
  return undefined;
}

/** isDnsLabel applies dnsLabelProblem as a predicate. */
export function isDnsLabel(name: string): boolean {
  return dnsLabelProblem(name) === undefined;
}

const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** isDnsSubdomain tells whether a name is an RFC 1123 DNS subdomain (what most Kubernetes object names must be). */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN_RE.test(name);
}
