import type { CniOutput } from '../support';

/** A JS stack frame ("    at fn (file:1:2)") anywhere in the text. */
const STACK_FRAME = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)\s*$/m;
/** A JS error class dump: "TypeError: …", "NetlinkError: …", or a message starting "Error: " (String(new Error())). */
const ERROR_DUMP = /\b[A-Z][A-Za-z]*Error: |^Error: /m;

/**
 * contractViolations checks one plugin run against the CNI output contract: stdout is either a CNI error (object with
 * an integer `code` other than 999, a string `msg`, an optional string `details`) with a non-zero exit, or a success with exit 0 —
 * for ADD a result (`cniVersion` and, when present, well-formed `ips`/`interfaces`), for VERSION the supported
 * versions, for the other commands nothing. Neither ever carries a stack trace or an error class dump.
 */
export function contractViolations(command: string, out: CniOutput): string[] {
  const v: string[] = [];
  if (out.status === null) return [`killed or timed out (stderr: ${out.stderr.slice(0, 300)})`];
  if (STACK_FRAME.test(out.stdout)) v.push('stack frame on stdout');
  const json = out.json;
  const isError = isObject(json) && 'code' in json;
  if (out.status !== 0) {
    if (!isError) return [...v, `exit ${out.status} without a CNI error on stdout: ${out.stdout.slice(0, 300)}`];
    if (typeof json.code !== 'number' || !Number.isInteger(json.code) || json.code < 1) v.push(`error code ${JSON.stringify(json.code)} is not a positive integer`);
    // 999 is the skel's "unexpected throw": generated input must be classified (4 env, 6 decode, 7 config…).
    if (json.code === 999) v.push(`unclassified error 999: ${String(json.msg)} ${String(json.details ?? '').slice(0, 300)}`);
    if (typeof json.msg !== 'string' || json.msg === '') v.push(`error msg ${JSON.stringify(json.msg)} is not a non-empty string`);
    if (json.details !== undefined && typeof json.details !== 'string') v.push('error details is not a string');
    for (const key of ['msg', 'details'] as const) {
      const text = json[key];
      if (typeof text !== 'string') continue;
      if (STACK_FRAME.test(text)) v.push(`stack frame in ${key}: ${text.slice(0, 200)}`);
      if (ERROR_DUMP.test(text)) v.push(`error class dump in ${key}: ${text.slice(0, 200)}`);
    }
    return v;
  }
  if (isError) return [...v, `exit 0 with an error on stdout: ${out.stdout.slice(0, 300)}`];
  if (command === 'ADD') v.push(...resultViolations(json));
  else if (command === 'VERSION') {
    if (!isObject(json) || !Array.isArray(json.supportedVersions)) v.push(`VERSION printed no supportedVersions: ${out.stdout.slice(0, 200)}`);
  } else if (out.stdout.trim() !== '') v.push(`${command} succeeded but printed ${out.stdout.slice(0, 200)}`);
  return v;
}

function resultViolations(r: unknown): string[] {
  if (!isObject(r)) return [`ADD result is not an object: ${JSON.stringify(r)?.slice(0, 200)}`];
  const v: string[] = [];
  if (typeof r.cniVersion !== 'string') v.push('ADD result has no cniVersion');
  if (r.ips !== undefined) {
    if (!Array.isArray(r.ips)) v.push('ADD result ips is not a list');
    else for (const ip of r.ips) {
      const address = isObject(ip) ? (ip.address ?? ip.ipcidr) : undefined;
      if (typeof address !== 'string' || !/^[0-9a-f.:]+\/\d{1,3}$/i.test(address)) v.push(`ADD result ip ${JSON.stringify(ip)} has no CIDR address`);
    }
  }
  if (r.ip4 !== undefined && (!isObject(r.ip4) || typeof r.ip4.ip !== 'string')) v.push('ADD result ip4 has no ip');
  if (r.interfaces !== undefined && (!Array.isArray(r.interfaces) || r.interfaces.some((i) => !isObject(i) || typeof i.name !== 'string'))) {
    v.push('ADD result interfaces are not named objects');
  }
  return v;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
