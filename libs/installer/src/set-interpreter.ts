import { readBundleMarker } from './bundle-marker';

/**
 * setInterpreter points a Plexus bundle's shebang at an absolute interpreter (`#!/opt/cni/bin/plexus-runtime/node`),
 * so the installed plugin runs on a host that has no `node` on PATH. The marker line stays second, so in-process
 * delegation still recognises it. Anything that is not a bundle (a self-contained binary, a Go plugin) is returned
 * unchanged.
 */
export function setInterpreter(bytes: Buffer, interpreter: string): Buffer {
  if (readBundleMarker(bytes) === undefined) return bytes;
  // The kernel reads at most 255 bytes of a shebang line (BINPRM_BUF_SIZE 256): a longer one would be cut.
  if (!interpreter.startsWith('/') || /\s/.test(interpreter) || interpreter.length > 250) {
    throw new Error(`interpreter "${interpreter}" must be an absolute path without spaces, at most 250 characters`);
  }
  const eol = bytes.indexOf(0x0a);
  return Buffer.concat([Buffer.from(`#!${interpreter}`), bytes.subarray(eol)]);
}
