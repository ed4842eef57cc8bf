#!/usr/bin/env node
// Folder-level dependency check, run by every project's lint target (nx.json targetDefaults.lint).
// ESLint's import/no-cycle works on files only and Nx boundaries on projects; neither sees that two folders of one
// project import each other, which is what makes a plugin read in circles. This script builds, for each project
// given, the graph of relative imports between the files of its src/ and fails on:
//   - a folder cycle: folders (first path segment under src/; files directly in src/ form the root folder ".")
//     whose imports form a cycle, e.g. sources/ → danm/ → sources/;
//   - a file cycle: files that import each other, directly or through others;
//   - an import of an entry file (below) from inside src;
//   - when tools/lint/folder-deps.json gives the project a folder order (`layers`, top first): an import of a folder
//     listed above the importer, or a folder missing from the list.
// Entry files sit above the graph: `index.ts` (the package's public barrel), `main.ts` (the binary's entry) and
// `testing.ts` (the `/testing` entry) directly in src/ exist to gather the package for the outside, so they may import
// any folder, and their imports make no folder edge (a barrel re-exporting every folder is not a cycle of the code
// behind it). In return nothing inside src may import them: code reaches the file that defines what it needs, and a
// cycle cannot hide behind an entry file. They still take part in the file graph.
// Every `import`, `import type`, `export … from`, `import()` and `require()` counts (a type-only import still makes
// the reader jump there). Specs (*.spec.ts) are left out: a test may reach across stages to drive the whole flow.
// `known` in folder-deps.json lists the offending folder edges and file cycles a project had when the check came in
// (to be removed by their owners): those are reported as warnings, a new one fails, and one that is gone is
// reported so it gets struck from the list (a warning, so that a merge that removes an offence does not break lint).
// Usage: node tools/lint/check-folder-deps.mjs <project dir>... [--config <file>] [--quiet]
// Exit 0 when clean, 1 with each offending edge and the importing file listed, 2 on usage errors.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SPEC = /\.spec\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;
/** Entry files: directly in src/, above the graph (see the header). */
const ENTRY_FILES = new Set(['index.ts', 'main.ts', 'testing.ts']);

/** listSources: the non-spec TypeScript files under dir (node_modules and fixtures folders skipped). */
function listSources(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules') out.push(...listSources(full));
    } else if (SOURCE.test(name) && !SPEC.test(name) && !DECLARATION.test(name)) {
      out.push(full);
    }
  }
  return out;
}

/** resolveRelative: the file a relative specifier names (TS resolution: extension, .js→.ts, index), or undefined. */
function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${stem}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** folderOf: the first path segment of file under src ('.' for files directly in src). */
function folderOf(src, file) {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? '.' : parts[0];
}

/** isEntry: whether file is one of the package's entry files directly in src. */
function isEntry(src, file) {
  return dirname(file) === src && ENTRY_FILES.has(basename(file));
}

/** stronglyConnected: Tarjan's components of a graph given as Map<node, Set<node>>; only those forming a cycle. */
function stronglyConnected(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (root) => {
    // Iterative DFS: a deep file chain must not overflow the call stack.
    const work = [[root, [...(graph.get(root) ?? [])], 0]];
    indexOf.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, next] = frame;
      if (frame[2] < next.length) {
        const to = next[frame[2]++];
        if (!indexOf.has(to)) {
          indexOf.set(to, index);
          low.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push([to, [...(graph.get(to) ?? [])], 0]);
        } else if (onStack.has(to)) {
          low.set(node, Math.min(low.get(node), indexOf.get(to)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === indexOf.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        const selfLoop = graph.get(node)?.has(node) ?? false;
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node);
  return components;
}

/**
 * analyzeProject: the import graph of projectDir/src and its cycles.
 * Returns { files, entries, folders, folderEdges: Map<'a -> b', [file→file]>, entryImports: [file→entry], mutualPairs,
 * folderCycles, fileCycles }.
 */
export function analyzeProject(projectDir) {
  const src = resolve(projectDir, 'src');
  const result = { src, files: 0, entries: 0, folders: new Set(), folderEdges: new Map(), entryImports: [], mutualPairs: [], folderCycles: [], fileCycles: [] };
  if (!existsSync(src)) return result;
  const files = listSources(src);
  result.files = files.length;
  const fileGraph = new Map();
  const folderGraph = new Map();
  for (const file of files) {
    const entry = isEntry(src, file);
    const from = folderOf(src, file);
    if (entry) result.entries++;
    else {
      result.folders.add(from);
      if (!folderGraph.has(from)) folderGraph.set(from, new Set());
    }
    const targets = new Set();
    fileGraph.set(file, targets);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveRelative(file, fileName);
      if (target === undefined || relative(src, target).startsWith('..') || SPEC.test(target)) continue;
      targets.add(target);
      if (isEntry(src, target)) {
        result.entryImports.push(`${relative(src, file)} → ${relative(src, target)}`);
        continue;
      }
      const to = folderOf(src, target);
      if (entry || to === from) continue;
      folderGraph.get(from).add(to);
      const key = `${from} -> ${to}`;
      if (!result.folderEdges.has(key)) result.folderEdges.set(key, []);
      result.folderEdges.get(key).push(`${relative(src, file)} → ${relative(src, target)}`);
    }
  }
  for (const [from, tos] of folderGraph) {
    for (const to of tos) if (from < to && folderGraph.get(to)?.has(from)) result.mutualPairs.push([from, to]);
  }
  result.folderCycles = stronglyConnected(folderGraph);
  result.fileCycles = stronglyConnected(fileGraph).map((c) => c.map((f) => relative(src, f)));
  return result;
}

/**
 * findProblems: every offence of a project as { key, lines }: `key` identifies it for the known list
 * (`folder a -> b`, `file x.ts ⇄ y.ts`, `layer a -> b`, `entry x.ts → index.ts`), `lines` explain it with the
 * importing files.
 */
export function findProblems(r, layers) {
  const problems = [];
  for (const edge of r.entryImports) {
    problems.push({ key: `entry ${edge}`, lines: [`    ${edge}: an entry file (index.ts, main.ts, testing.ts) is imported from inside src; import the file that defines it`] });
  }
  const edgeLines = (key) => (r.folderEdges.get(key) ?? []).map((e) => `      ${e}`);
  for (const cycle of r.folderCycles) {
    const members = new Set(cycle);
    for (const key of [...r.folderEdges.keys()].sort()) {
      const [from, to] = key.split(' -> ');
      if (!members.has(from) || !members.has(to)) continue;
      problems.push({ key: `folder ${key}`, lines: [`    folder cycle (${cycle.join(', ')}): ${from}/ → ${to}/`, ...edgeLines(key)] });
    }
  }
  for (const cycle of r.fileCycles) problems.push({ key: `file ${cycle.join(' ⇄ ')}`, lines: [`    file cycle: ${cycle.join(' ⇄ ')}`] });
  if (layers) {
    const rank = new Map(layers.map((l, i) => [l, i]));
    for (const folder of [...r.folders].sort()) {
      if (!rank.has(folder)) problems.push({ key: `layer ${folder}`, lines: [`    folder ${folder}/ is not in the project's layers (tools/lint/folder-deps.json)`] });
    }
    for (const key of [...r.folderEdges.keys()].sort()) {
      const [from, to] = key.split(' -> ');
      if (rank.has(from) && rank.has(to) && rank.get(to) < rank.get(from)) {
        problems.push({ key: `layer ${key}`, lines: [`    ${from}/ imports ${to}/, a layer above it`, ...edgeLines(key)] });
      }
    }
  }
  return problems;
}

/** checkProject: the summary line and the failing / warning lines of one project under a config. */
export function checkProject(dir, config = {}) {
  const r = analyzeProject(dir);
  const name = relative(process.cwd(), resolve(dir)) || '.';
  const layers = config.layers?.[name];
  const known = new Set(config.known?.[name] ?? []);
  const problems = findProblems(r, layers);
  const failing = problems.filter((p) => !known.has(p.key));
  const tolerated = problems.filter((p) => known.has(p.key));
  const gone = [...known].filter((k) => !problems.some((p) => p.key === k));
  const summary =
    `${name}: ${r.files} files (${r.entries} entry), ${r.folders.size} folders, ${r.folderEdges.size} folder edges, ` +
    `${r.mutualPairs.length} folder pairs importing each other, ${r.folderCycles.length} folder cycles, ${r.fileCycles.length} file cycles` +
    (layers ? ', layers checked' : '');
  const errors = failing.flatMap((p) => p.lines);
  const warnings = tolerated.length ? [`    ${tolerated.length} known offences (tools/lint/folder-deps.json "known"), to be removed:`, ...tolerated.map((p) => `      ${p.key}`)] : [];
  for (const k of gone) warnings.push(`    "${k}" is listed as known in tools/lint/folder-deps.json but no longer happens: strike it`);
  return { summary, errors, warnings, result: r };
}

function main(argv) {
  const quiet = argv.includes('--quiet');
  const at = argv.indexOf('--config');
  const configPath = at >= 0 ? argv[at + 1] : join(dirname(fileURLToPath(import.meta.url)), 'folder-deps.json');
  const dirs = argv.filter((a, i) => !a.startsWith('--') && !(at >= 0 && i === at + 1));
  if (dirs.length === 0 || (at >= 0 && !configPath)) {
    process.stderr.write('usage: check-folder-deps.mjs <project dir>... [--config <file>] [--quiet]\n');
    return 2;
  }
  const config = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
  let failed = false;
  for (const dir of dirs) {
    const { summary, errors, warnings } = checkProject(dir, config);
    if (errors.length > 0) {
      failed = true;
      process.stderr.write(`check-folder-deps: FAIL ${summary}\n${[...errors, ...warnings].join('\n')}\n`);
    } else if (!quiet || warnings.length > 0) {
      process.stdout.write(`check-folder-deps: ok ${summary}\n${warnings.map((w) => `${w}\n`).join('')}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
