import { CityscoreError } from '../../errors.js';
import type { IO } from '../io.js';

// PLACEHOLDER: replaced by the real command.
export async function run(..._args: unknown[]): Promise<number> {
  const io = _args[_args.length - 1] as IO;
  void io;
  throw new CityscoreError('NOT_IMPLEMENTED', 'cityscore check is not available yet');
}
