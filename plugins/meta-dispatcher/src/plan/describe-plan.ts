import type { AttachmentPlan } from './attachment-plan';

/**
 * describePlan is the plan as the debug log shows it (pure): per attachment its network, interface and the plugin
 * types of its conflist (pending until a reservation renders it), per reservation what it reserves for which group.
 */
export function describePlan(plan: AttachmentPlan): Record<string, unknown> {
  return {
    attachments: plan.attachments.map((a) => ({ index: a.index, network: a.network, ifName: a.ifName, primary: a.isPrimary, plugins: a.config === undefined ? 'rendered after its reservation' : pluginTypes(a.config) })),
    reservations: plan.reservations.map((r) => (r.kind === 'danm' ? { id: r.id, kind: r.kind, attachment: r.attachment, ifName: r.owner.ifName } : { id: r.id, kind: r.kind, type: r.type, ifName: r.ifName, masters: r.masters })),
  };
}

function pluginTypes(config: string): string[] {
  try {
    const list = JSON.parse(config) as { plugins?: Array<{ type?: unknown }>; type?: unknown };
    return (list.plugins ?? [list]).map((p) => String(p.type));
  } catch {
    return ['(unparsable)'];
  }
}
