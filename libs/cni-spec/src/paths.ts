import { invalidConfig } from './errors';

/**
 * readAbsolutePath reads an optional path-valued config key: absent or '' is undefined; anything else must be a
 * string holding an absolute path without NUL bytes, else code 7 naming the key. A relative path would resolve
 * against whatever directory the runtime happened to start the plugin in, so it is refused in every plugin.
 */
export function readAbsolutePath(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidConfig(field, `must be a string (an absolute path), got ${Array.isArray(value) ? 'array' : typeof value}`);
  if (value.includes('\u0000')) throw invalidConfig(field, 'must not contain NUL bytes');
  if (!value.startsWith('/')) throw invalidConfig(field, `"${value}" must be an absolute path`);
  return value;
}
