// Expands the lane table into the plan: every result the run must produce, written before anything runs.
import { LANES } from './lanes.mjs';

/**
 * @typedef {{name: string, lane: string, kind: 'jest'|'task', result?: string, task?: string, status?: string}} PlanEntry
 * kind 'jest': `result` is a jest --json file (relative to the results dir); `status` the lane's exit record, if any.
 * kind 'task': `task` is an nx task (project:target) whose outcome is in nx-tasks.json.
 */

/**
 * planLanes lists every expected result. projectsWithTarget(target) names the nx projects that have a target.
 * @param {(target: string) => string[]} projectsWithTarget
 * @param {import('./lanes.mjs').Lane[]} [lanes]
 * @returns {PlanEntry[]}
 */
export function planLanes(projectsWithTarget, lanes = LANES) {
  /** @type {PlanEntry[]} */
  const plan = [];
  for (const lane of lanes) {
    if (lane.kind === 'nx') {
      const projects = projectsWithTarget(lane.target ?? lane.name);
      // A target no project has is a broken table, not an empty pass.
      if (projects.length === 0) plan.push({ name: lane.name, lane: lane.name, kind: 'task', task: `(no project has target ${lane.target})` });
      for (const p of [...projects].sort()) {
        const task = `${p}:${lane.target}`;
        plan.push(lane.jest ? { name: `${lane.name}:${p}`, lane: lane.name, kind: 'jest', result: `${p}.json`, task } : { name: `${lane.name}:${p}`, lane: lane.name, kind: 'task', task });
      }
    } else {
      plan.push({ name: lane.name, lane: lane.name, kind: 'jest', result: laneResultFile(lane.name), status: laneStatusFile(lane.name) });
    }
  }
  return plan;
}

/** laneResultFile is where a 'jest' lane writes its jest --json output (relative to the results dir). */
export function laneResultFile(name) {
  return `lane-${name}.json`;
}

/** laneStatusFile is where run-lanes.mjs records how a 'jest' lane's command ended. */
export function laneStatusFile(name) {
  return `lane-${name}.status.json`;
}
