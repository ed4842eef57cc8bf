/** The extensions libcni's ConfFiles and Dockin accept for network confs. */
export const CONF_EXTENSIONS = ['.conf', '.json', '.conflist'] as const;

/** isConfFileName tells whether a directory entry is a network conf by its extension (hidden files excluded). */
export function isConfFileName(name: string): boolean {
  return !name.startsWith('.') && CONF_EXTENSIONS.some((ext) => name.endsWith(ext));
}
