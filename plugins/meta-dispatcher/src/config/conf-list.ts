/**
 * A conflist as JSON: the shape of every network conf the dispatcher reads (its own delegates, NAD configs, conf
 * files) and of every delegate config it renders.
 */
export interface ConfList {
  cniVersion: string;
  name: string;
  plugins: Array<Record<string, unknown>>;
  [k: string]: unknown;
}
