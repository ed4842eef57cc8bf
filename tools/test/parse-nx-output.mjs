// Reads which tasks `nx run-many --outputStyle=static` ran and which failed from its output: each task starts with
// "> nx run project:target" (also for cache hits), and a failed run ends with "Failed tasks:" then "- project:target".

/** @returns {{ran: string[], failed: string[]}} */
export function parseNxTasks(text) {
  const lines = String(text).replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  const ran = new Set();
  const failed = new Set();
  let inFailed = false;
  for (const line of lines) {
    const start = /^\s*>\s+nx run\s+([^\s:]+:[^\s:]+)/.exec(line);
    if (start) ran.add(start[1]);
    if (/^\s*Failed tasks:\s*$/.test(line) || /targets? failed, including the following:/.test(line)) {
      inFailed = true;
      continue;
    }
    const item = /^\s*-\s+([^\s:]+:[^\s:]+)\s*$/.exec(line);
    if (inFailed && item) failed.add(item[1]);
    else if (inFailed && line.trim() !== '') inFailed = false;
  }
  return { ran: [...ran], failed: [...failed] };
}
