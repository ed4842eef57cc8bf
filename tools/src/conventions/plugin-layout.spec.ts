import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The plugins wired the uniform way (issue 12): deps.ts builds every side-effect port once (`productionDeps()`),
 * handlers.ts binds the CNI operations to a deps object (`create…Handlers(deps)`, so specs pass fakes), and main.ts
 * is one statement.
 */
const UNIFORM_PLUGINS = ['meta-dispatcher', 'ipvlan', 'route-injector', 'multi-nic-ipam', 'static-ipam', 'fakeipam'];

function source(plugin: string, file: string): string {
  const path = join(ROOT, 'plugins', plugin, 'src', file);
  if (!existsSync(path)) throw new Error(`plugins/${plugin}/src/${file} is missing`);
  return readFileSync(path, 'utf8');
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** statementsOf drops imports, comments and blank lines: what is left is the module's own code. */
function statementsOf(text: string): string[] {
  return withoutComments(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('import '));
}

describe.each(UNIFORM_PLUGINS)('plugin layout: %s', (plugin) => {
  it('deps.ts exports productionDeps()', () => {
    expect(source(plugin, 'deps.ts')).toMatch(/^export function productionDeps\(\): \w+Deps \{$/m);
  });

  it('handlers.ts exports create…Handlers(deps) and builds no production port itself', () => {
    const text = source(plugin, 'handlers.ts');
    expect(text).toMatch(/^export function create\w+Handlers\(_?deps: \w+Deps\): PluginHandlers \{$/m);
    expect(withoutComments(text)).not.toMatch(/productionDeps|new [A-Z]\w*(Netlink|Runner|Store|Delegator)\(/);
  });

  it('main.ts is the one plexusPlugin line over productionDeps()', () => {
    const statements = statementsOf(source(plugin, 'main.ts'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(
      new RegExp(`^export const plexusPlugin = servePlugin\\(.*module\\)?, \\{ name: '${plugin}', handlers: create\\w+Handlers\\(productionDeps\\(\\)\\) \\}\\);$`),
    );
  });
});
