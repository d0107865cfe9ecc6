/** Entry point of the bundled CLI: run and set process.exitCode (never process.exit). */
import { execute } from './main.js';
import { processIO } from './io.js';

export async function main(argv: readonly string[]): Promise<void> {
  const io = processIO();
  // A closed pipe (cityscore … | head, or 2>&1 | head) is not an error: stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  let fatal = false;
  const onFatal = (e: unknown) => {
    process.exitCode = 2;
    // Once only: if stderr itself fails, writing the message again would fail again, for ever.
    if (fatal) return;
    fatal = true;
    process.stderr.write(`cityscore: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.exitCode = await execute(argv, io);
}
