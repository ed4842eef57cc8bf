import { invalidConfig } from '@plexus/cni-spec';
import { readString, readWholeNumber } from '@plexus/json-fields';
import { DISPATCHER_DEFAULTS, type BackendOptions } from './dispatcher-config';

/**
 * parseBackend reads `backend` (an http or https URL without credentials or fragment) and `backendTimeoutMs`
 * (default 5000). A timeout without a backend is refused: it would silently configure nothing.
 */
export function parseBackend(rawUrl: unknown, rawTimeout: unknown): BackendOptions | undefined {
  const text = readString(rawUrl, 'backend');
  const timeoutMs = readWholeNumber(rawTimeout, 'backendTimeoutMs', 1, 300_000, { unit: 'milliseconds' });
  if (text === undefined || text === '') {
    if (timeoutMs !== undefined) throw invalidConfig('backendTimeoutMs', 'is set but "backend" is not');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidConfig('backend', `"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidConfig('backend', `"${text}" must be an http:// or https:// URL`);
  // Credentials in the URL would end up in logs and error messages.
  if (url.username || url.password) throw invalidConfig('backend', 'must not carry credentials (user:password@)');
  if (url.hash) throw invalidConfig('backend', `"${text}" must not have a #fragment`);
  for (const reserved of ['podName', 'namespace']) {
    if (url.searchParams.has(reserved)) throw invalidConfig('backend', `must not set the "${reserved}" query parameter itself; the dispatcher adds it per pod`);
  }
  return { url: url.toString(), timeoutMs: timeoutMs ?? DISPATCHER_DEFAULTS.backendTimeoutMs };
}
