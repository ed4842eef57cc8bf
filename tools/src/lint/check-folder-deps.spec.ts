// tools/lint/check-folder-deps.mjs (run by every project's lint target) on tiny fixture trees: an acyclic tree
// passes, a folder cycle and a file cycle fail naming the importing files, specs are left out, and a project's
// layers and known offences from the config are applied.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const CHECK = resolve(__dirname, '..', '..', 'lint', 'check-folder-deps.mjs');

describe('check-folder-deps.mjs', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'plexus-folder-deps-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** tree writes files under <root>/proj/src from a path → content map. */
  function tree(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      const full = join(root, 'proj', 'src', path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }

  /** check runs the script on <root>/proj with a config (none by default) and returns exit code and output. */
  function check(config: object = {}): { status: number | null; out: string; err: string } {
    const configPath = join(root, 'folder-deps.json');
    writeFileSync(configPath, JSON.stringify(config));
    const r = spawnSync(process.execPath, [CHECK, 'proj', '--config', configPath], { cwd: root, encoding: 'utf8' });
    return { status: r.status, out: r.stdout, err: r.stderr };
  }

  it('passes an acyclic tree and counts its folders and edges', () => {
    tree({
      'main.ts': "import { run } from './execute/run';\nrun();\n",
      'execute/run.ts': "import type { Plan } from '../plan/plan';\nimport { fail } from '../errors/fail';\nexport function run(p?: Plan): void { if (p) fail(); }\n",
      'plan/plan.ts': "export * from '../errors/fail';\nexport interface Plan { n: number }\n",
      'errors/fail.ts': 'export function fail(): never { throw new Error("x"); }\n',
    });
    const r = check();
    expect(r.status).toBe(0);
    expect(r.out).toContain('proj: 4 files (1 entry), 3 folders, 3 folder edges, 0 folder pairs importing each other, 0 folder cycles, 0 file cycles');
  });

  it('puts the entry files (index.ts, main.ts, testing.ts in src) above the graph: a barrel makes no folder cycle', () => {
    tree({
      'index.ts': "export * from './a/a';\nexport * from './b/b';\nexport * from './errors';\n",
      'testing.ts': "export * from './a/fake-a';\n",
      'main.ts': "import { a } from './a/a';\na();\n",
      'errors.ts': 'export const E = 1;\n',
      'a/a.ts': "import { E } from '../errors';\nimport { b } from '../b/b';\nexport const a = () => b + E;\n",
      'a/fake-a.ts': "import { a } from './a';\nexport const fakeA = a;\n",
      'b/b.ts': "import { E } from '../errors';\nexport const b = E;\n",
    });
    const r = check({ layers: { proj: ['a', 'b', '.'] } });
    expect(r.status).toBe(0);
    expect(r.out).toContain('proj: 7 files (3 entry), 3 folders, 3 folder edges, 0 folder pairs importing each other, 0 folder cycles');
    // The same barrel under another name is an ordinary root file, and then the root and its folders form a cycle.
    tree({ 'all.ts': "export * from './a/a';\n" });
    expect(check().err).toContain('folder cycle (., a, b): ./ → a/');
  });

  it('fails on an import of an entry file from inside src, naming the importer', () => {
    tree({
      'index.ts': "export * from './a/a';\nexport * from './b/b';\n",
      'main.ts': "import { a } from './a/a';\na();\n",
      'testing.ts': "export const fake = 1;\n",
      'a/a.ts': "import { b } from '..';\nexport const a = () => b;\n",
      'b/b.ts': "import './../main';\nimport { fake } from '../testing';\nexport const b = fake;\n",
    });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.err).toContain('a/a.ts → index.ts: an entry file (index.ts, main.ts, testing.ts) is imported from inside src');
    expect(r.err).toContain('b/b.ts → main.ts: an entry file');
    expect(r.err).toContain('b/b.ts → testing.ts: an entry file');
  });

  it('fails on two folders importing each other, listing each edge with the importing file', () => {
    tree({
      'sources/resolve.ts': "import { allocate } from '../danm/allocate';\nexport const resolve = allocate;\n",
      'sources/errors.ts': 'export const E = 1;\n',
      'danm/allocate.ts': "import { E } from '../sources/errors';\nexport const allocate = () => E;\n",
    });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.err).toContain('1 folder pairs importing each other, 1 folder cycles, 0 file cycles');
    expect(r.err).toContain('folder cycle (danm, sources): danm/ → sources/');
    expect(r.err).toContain('danm/allocate.ts → sources/errors.ts');
    expect(r.err).toContain('folder cycle (danm, sources): sources/ → danm/');
    expect(r.err).toContain('sources/resolve.ts → danm/allocate.ts');
  });

  it('fails on a cycle through three folders and through the top-level files', () => {
    tree({
      'add.ts': "import { a } from './a/a';\nexport const add = a;\nexport const leaf = 1;\n",
      'a/a.ts': "import { b } from '../b/b';\nexport const a = b;\n",
      'b/b.ts': "import { leaf } from '../add';\nexport const b = leaf;\n",
    });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.err).toContain('folder cycle (., a, b): b/ → ./');
    expect(r.err).toContain('b/b.ts → add.ts');
  });

  it('fails on a file cycle inside one folder, type-only and re-exports included', () => {
    tree({
      'plan/request.ts': "import type { DanmNetwork } from './danm';\nexport interface Request { danm?: DanmNetwork }\n",
      'plan/danm.ts': "export type { Request } from './request';\nexport interface DanmNetwork { name: string }\n",
    });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.err).toContain('0 folder cycles, 1 file cycles');
    expect(r.err).toContain('file cycle: plan/danm.ts ⇄ plan/request.ts');
  });

  it('leaves specs out: a spec may import from any folder', () => {
    tree({
      'errors/fail.ts': 'export const fail = 1;\n',
      'errors/fail.spec.ts': "import { run } from '../execute/run';\nimport { fail } from './fail';\nit('x', () => expect(run + fail).toBe(2));\n",
      'execute/run.ts': "import { fail } from '../errors/fail';\nexport const run = fail;\n",
    });
    expect(check().status).toBe(0);
  });

  it('resolves index files, .js specifiers and require()', () => {
    tree({
      'a/index.ts': "export { b } from '../b/b.js';\n",
      'b/b.ts': "export const b = 1;\nexport const a = () => require('../a');\n",
    });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.err).toContain('a/index.ts → b/b.ts');
    expect(r.err).toContain('b/b.ts → a/index.ts');
  });

  it('applies the project layers: an upward import and an unlisted folder fail', () => {
    tree({
      'errors/fail.ts': "import { plan } from '../plan/plan';\nexport const fail = plan;\n",
      'plan/plan.ts': 'export const plan = 1;\n',
      'extra/x.ts': 'export const x = 1;\n',
    });
    const r = check({ layers: { proj: ['.', 'plan', 'errors'] } });
    expect(r.status).toBe(1);
    expect(r.err).toContain('errors/ imports plan/, a layer above it');
    expect(r.err).toContain('errors/fail.ts → plan/plan.ts');
    expect(r.err).toContain('folder extra/ is not in the project');
    const ordered = check({ layers: { proj: ['.', 'errors', 'plan', 'extra'] } });
    expect(ordered.status).toBe(0);
    expect(ordered.out).toContain('layers checked');
  });

  it('tolerates a known offence with a warning, fails a new one, and reports a known one that is gone', () => {
    tree({
      'a/a.ts': "import { b } from '../b/b';\nexport const a = b;\n",
      'b/b.ts': "import { c } from '../a/c';\nexport const b = c;\n",
      'a/c.ts': 'export const c = 1;\n',
    });
    const known = check({ known: { proj: ['folder a -> b', 'folder b -> a', 'folder x -> y'] } });
    expect(known.status).toBe(0);
    expect(known.out).toContain('2 known offences');
    expect(known.out).toContain('"folder x -> y" is listed as known in tools/lint/folder-deps.json but no longer happens');
    const partly = check({ known: { proj: ['folder a -> b'] } });
    expect(partly.status).toBe(1);
    expect(partly.err).toContain('folder cycle (a, b): b/ → a/');
    expect(partly.err).not.toContain('folder cycle (a, b): a/ → b/');
  });

  it('passes a project without src/ and refuses to run without a project', () => {
    mkdirSync(join(root, 'proj'));
    expect(check().status).toBe(0);
    expect(spawnSync(process.execPath, [CHECK], { cwd: root, encoding: 'utf8' }).status).toBe(2);
  });
});
