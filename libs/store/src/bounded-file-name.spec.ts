import { boundedFileName, HASHED_FILE_NAME_PREFIX, MAX_PLAIN_FILE_NAME_BYTES } from './bounded-file-name';

describe('boundedFileName', () => {
  it('keeps names that fit and hashes longer ones into a fixed-length name no CNI id can equal', () => {
    expect(boundedFileName('abc.json', 'abc', '.json')).toBe('abc.json');
    const fits = 'a'.repeat(MAX_PLAIN_FILE_NAME_BYTES);
    expect(boundedFileName(fits, fits)).toBe(fits);
    const long = 'a'.repeat(300);
    const hashed = boundedFileName(`${long}.json`, long, '.json');
    expect(hashed).toMatch(new RegExp(`^${HASHED_FILE_NAME_PREFIX}[0-9a-f]{64}\\.json$`));
    expect(hashed).toBe(boundedFileName(`${long}.json`, long, '.json'));
    expect(boundedFileName(`${long}b.json`, `${long}b`, '.json')).not.toBe(hashed);
    // Multi-byte characters count in bytes, as the kernel counts them.
    expect(boundedFileName('é'.repeat(150), 'x')).toMatch(/^_sha256-/);
  });
});
