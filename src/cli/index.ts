/** Entry point of the bundled CLI: run and set process.exitCode (never process.exit). */
import { execute } from './main.js';
import { processIO } from './io.js';

export async function main(argv: readonly string[]): Promise<void> {
  const io = processIO();
  // A closed pipe (cityscore … | head) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const onFatal = (e: unknown) => {
    process.stderr.write(`cityscore: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.exitCode = await execute(argv, io);
}
