import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * loadLoopbackTls returns the test certificate for 127.0.0.1 (testdata/, self-signed, its own CA), for running the
 * emulator over HTTPS, as an in-cluster API server is. A fixture: not a secret, loopback only.
 */
export function loadLoopbackTls(): { cert: string; key: string } {
  const dir = join(__dirname, 'testdata');
  return { cert: readFileSync(join(dir, 'loopback-cert.pem'), 'utf8'), key: readFileSync(join(dir, 'loopback-key.pem'), 'utf8') };
}
