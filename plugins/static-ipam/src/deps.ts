/**
 * StaticIpamDeps is empty: static-ipam answers from its config and CNI_ARGS alone (no kernel, no store, no clock). It exists so
 * every plugin is wired the same way (deps.ts → handlers.ts → main.ts) and a future side effect has its place.
 */
export type StaticIpamDeps = Readonly<Record<never, never>>;

/** productionDeps returns the (empty) production dependencies. */
export function productionDeps(): StaticIpamDeps {
  return {};
}
