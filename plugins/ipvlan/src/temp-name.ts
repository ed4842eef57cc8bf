/** The prefix of the name an ipvlan link has between its creation and its rename to CNI_IFNAME. */
export const TEMP_NAME_PREFIX = 'plxiv';

/**
 * randomSuffix is the production source of temporary-name suffixes: 8 hex digits. Math.random rather than
 * node:crypto on purpose: the name only has to differ from the few links of one fresh pod netns (a clash is
 * reported as "try again"), and loading node:crypto costs a plugin start ~5 ms on hardware, ~0.1 s under TCG.
 */
export function randomSuffix(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
}

/** tempLinkName builds a 13-character temporary link name (under the kernel's 15) from a random suffix. */
export function tempLinkName(suffix: () => string): string {
  return `${TEMP_NAME_PREFIX}${suffix()}`.slice(0, 15);
}
