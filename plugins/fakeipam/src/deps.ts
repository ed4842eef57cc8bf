/**
 * FakeIpamDeps is empty: fakeipam answers from its config alone (no kernel, no store, no clock). It exists so
 * every plugin is wired the same way (deps.ts → handlers.ts → main.ts) and a future side effect has its place.
 */
export type FakeIpamDeps = Readonly<Record<never, never>>;

/** productionDeps returns the (empty) production dependencies. */
export function productionDeps(): FakeIpamDeps {
  return {};
}
