import { createHash } from 'node:crypto';

export { canonicalJson } from './canonical.js';

export function sha256(data: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}
