import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WORKSPACE_ROOT } from '../support';

/**
 * One fenced block of a README. A config block is marked by an HTML comment on the line before its fence
 * (invisible on GitHub), which says what the README example test does with it:
 *   <!-- example: run [api] [addr=IF:CIDR,…] [ipam-only="why"] -->   a network config (conf or conflist): ADD, CHECK,
 *                                                  DEL in a pod netns (ipam-only: only its IPAM ADD and DEL)
 *   <!-- example: file=/etc/cni/…/x.conflist -->   a file the next `run` block refers to (written before it runs)
 *   <!-- example: ipam-result -->                  what the previous `run` block's IPAM plugin answers to ADD
 *   <!-- example: fragment reason="…" -->          not a complete config (a generated output, a shape): only parsed
 */
export interface ReadmeBlock {
  readme: string;
  line: number;
  lang: string;
  text: string;
  marker?: { kind: string; attrs: Record<string, string> };
}

/** listReadmes names every README of the project: the root, plugins/*, libs/*, tools/** and e2e/**. */
export function listReadmes(): string[] {
  const found: string[] = ['README.md'];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(WORKSPACE_ROOT, dir), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const rel = join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name === 'README.md') found.push(rel);
    }
  };
  for (const top of ['plugins', 'libs', 'tools', 'e2e']) if (existsSync(join(WORKSPACE_ROOT, top))) walk(top);
  return found.sort();
}

/** parseMarker reads `<!-- example: KIND key=value key="quoted value" flag -->`. */
export function parseMarker(line: string): ReadmeBlock['marker'] {
  const m = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/.exec(line);
  if (!m) return undefined;
  const attrs: Record<string, string> = {};
  let kind = '';
  for (const [, key, quoted, bare] of m[1].matchAll(/([\w-]+)(?:=(?:"([^"]*)"|(\S+)))?/g)) {
    const value = quoted ?? bare;
    if (kind === '') {
      kind = key;
      if (value !== undefined) attrs[key] = value;
    } else attrs[key] = value ?? 'true';
  }
  return { kind, attrs };
}

/** readBlocks lists the fenced blocks of a README with the marker before each. */
export function readBlocks(readme: string): ReadmeBlock[] {
  const lines = readFileSync(join(WORKSPACE_ROOT, readme), 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${readme}:${i + 1}: unterminated code block`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    blocks.push({ readme: relative('.', readme), line: i + 1, lang: open[1], text: lines.slice(i + 1, end).join('\n'), marker: before >= 0 ? parseMarker(lines[before]) : undefined });
    i = end;
  }
  return blocks;
}

/** isConfigLike tells the blocks that must carry a marker: every JSON (and JSONC) block. */
export function isConfigLike(b: ReadmeBlock): boolean {
  return b.lang === 'json' || b.lang === 'jsonc';
}

/** An example to run: a `run` block with the `file=` blocks before it and the `ipam-result` block after it. */
export interface Example {
  run: ReadmeBlock;
  files: Array<{ path: string; block: ReadmeBlock }>;
  ipamResult?: ReadmeBlock;
}

/** collectExamples groups the marked blocks of every README into examples. */
export function collectExamples(): Example[] {
  const examples: Example[] = [];
  for (const readme of listReadmes()) {
    let files: Example['files'] = [];
    let last: Example | undefined;
    for (const b of readBlocks(readme)) {
      if (b.marker?.kind === 'file') files.push({ path: b.marker.attrs.file, block: b });
      else if (b.marker?.kind === 'run') {
        last = { run: b, files };
        examples.push(last);
        files = [];
      } else if (b.marker?.kind === 'ipam-result') {
        if (!last) throw new Error(`${b.readme}:${b.line}: ipam-result without a run block before it`);
        last.ipamResult = b;
      }
    }
  }
  return examples;
}

/** exampleName is how a test names an example: README path and line. */
export function exampleName(b: ReadmeBlock): string {
  return `${b.readme}:${b.line}`;
}
