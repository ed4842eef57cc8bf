/** parseNxTasks reads which tasks `nx run-many --outputStyle=static` ran and which failed from its output. */
export function parseNxTasks(text: string): { ran: string[]; failed: string[] };
