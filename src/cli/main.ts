/**
 * The command-line wiring: commander definitions only. Each action lazily imports its command
 * module (`./commands/<name>.js`), which exports `run(…, io): Promise<number>`. `execute` returns
 * the exit code and never calls process.exit.
 */
import { Command, CommanderError, Option } from 'commander';
import { CityscoreError } from '../errors.js';
import { printError, type IO } from './io.js';
import { VERSION } from '../version.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  the command did its job and found nothing at error level
  1  the command did its job and reports findings at error level (validate: an invalid system;
     check: data errors; diff: changes at the --fail-on level; score --strict: data errors;
     verify: a number differs)
  2  the command could not do its job: usage error, missing path, unreadable or invalid input
     (e.g. a broken system given to score), internal error`;

type Runner = (io: IO) => Promise<number>;

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];
const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CityscoreError('USAGE', `${name} must be a whole number, not "${v}"`);
  return n;
};

export function buildProgram(io: IO, setRunner: (r: Runner) => void): Command {
  const program = new Command('cityscore');
  program
    .description('Smart-city performance evaluation (新型智慧城市评价): indicator systems, municipal returns, scores, rankings, reports and diffs.')
    .version(VERSION, '-V, --version', 'print the cityscore version')
    .option('--debug', 'show stack traces for internal errors')
    .option('-q, --quiet', 'print only findings')
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: (s, write) => write(`cityscore: ${s.replace(/^error: /, '')}`),
    });

  const cmd = (name: string, description: string) => {
    const c = program.command(name).description(description).addHelpText('after', EXIT_CODES_HELP);
    c.exitOverride();
    c.configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: (s, write) => write(`cityscore: ${s.replace(/^error: /, '')}`),
    });
    return c;
  };

  cmd('list', 'list the bundled indicator systems')
    .option('--json', 'machine-readable output')
    .action((opts) => setRunner(async (io2) => (await import('./commands/list.js')).run(opts, io2)));

  cmd('validate', 'load, resolve and check indicator systems; findings with file:line:col')
    .argument('<systems...>', 'YAML files or bundled ids')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', int('--max-warnings'))
    .option('--json', 'findings as JSON')
    .action((systems: string[], opts) => setRunner(async (io2) => (await import('./commands/validate.js')).run(systems, opts, io2)));

  cmd('show', 'print the resolved indicator tree: weights, effective shares, status, rules, overlay changes')
    .argument('<system>', 'YAML file or bundled id')
    .option('--json', 'print the resolved model as JSON')
    .option('--canonical', 'print a stable, diff-friendly text form (for git textconv)')
    .action((system: string, opts) => setRunner(async (io2) => (await import('./commands/show.js')).run(system, opts, io2)));

  cmd('init', 'scaffold a regional overlay that extends a system')
    .argument('<dir>', 'folder to create the overlay in')
    .requiredOption('--extends <system>', 'the parent: a bundled id or a YAML file')
    .option('--id <id>', 'id of the new system')
    .option('--force', 'overwrite an existing file')
    .action((dir: string, opts) => setRunner(async (io2) => (await import('./commands/init.js')).run(dir, opts, io2)));

  cmd('template', 'write the fill-in workbook (or CSV) that a city completes')
    .argument('<system>', 'YAML file or bundled id')
    .requiredOption('-o, --output <file>', 'output file (.xlsx or .csv); with --city, a folder or a name pattern')
    .option('--year <year>', 'reporting year', int('--year'))
    .option('--city <name>', 'one pre-filled workbook per city (repeatable, or comma-separated)', collect)
    .option('--prefill <files...>', "last year's returns, shown for reference")
    .addOption(new Option('--layout <layout>', 'wide (a column per field) or long (city, year, field, value)').choices(['wide', 'long']).default('wide'))
    .addOption(new Option('--format <format>', 'xlsx or csv (UTF-8 with BOM)').choices(['xlsx', 'csv']))
    .action((system: string, opts) => setRunner(async (io2) => (await import('./commands/template.js')).run(system, opts, io2)));

  const returnsOptions = (c: Command) =>
    c
      .option('--encoding <enc>', 'CSV encoding (utf-8, gb18030); detected when omitted')
      .option('--sheet <name>', 'Excel sheet to read ("*" for every sheet)')
      .option('--source <id>', 'data source id of the files that follow (e.g. survey)', collect)
      .option('--corrections <file>', 'verified corrections (CSV or YAML: city, year, field, value, reason, reviewer)')
      .option('--year <year>', 'only this year', int('--year'));

  returnsOptions(
    cmd('check', 'check municipal returns against a system: every finding with its cell')
      .argument('<system>', 'YAML file or bundled id')
      .argument('<returns...>', 'CSV or xlsx files'),
  )
    .option('--json', 'findings as JSON')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'md']).default('text'))
    .action((system: string, returns: string[], opts) => setRunner(async (io2) => (await import('./commands/check.js')).run(system, returns, opts, io2)));

  returnsOptions(
    cmd('score', 'score returns under a system: ranking, tiers, diagnosis; reports with --out')
      .argument('<system>', 'YAML file or bundled id')
      .argument('<returns...>', 'CSV or xlsx files'),
  )
    .option('--json', 'results JSON to stdout (or to -o)')
    .option('-o, --output <file>', 'write the results JSON to this file')
    .option('--out <dir>', 'write reports to this folder')
    .option('--format <formats>', 'report formats: xlsx,md,html,json', collect)
    .option('--per-city', 'also write one report per city')
    .addOption(new Option('--lang <lang>', 'report language').choices(['zh-CN', 'en']))
    .option('--sensitivity <json>', 'put the results of cityscore sensitivity (its JSON) in the reports')
    .option('--audit <json>', 'put the results of cityscore audit (its JSON) in the reports')
    .option('--stages <names>', 'include stage tables in the JSON: all or a comma-separated list')
    .option('--stage <name>', 'dump one stage table')
    .addOption(new Option('--stage-format <format>', 'format of --stage').choices(['csv', 'json']).default('csv'))
    .option('--city <name>', "print that city's diagnosis")
    .option('--priorities <n>', 'improvement priorities kept per city in the results and reports: a number, or all (default 10)')
    .option('--group-by <group>', 'ranks within groups (a group id of the system)')
    .option('--baseline <results>', 'results JSON of an earlier evaluation, for year-over-year change')
    .option('--strict', 'exit 1 when the returns have data errors')
    .option('--compare-methods', 'also rank by TOPSIS, VIKOR and PROMETHEE II and compare')
    .action((system: string, returns: string[], opts) => setRunner(async (io2) => (await import('./commands/score.js')).run(system, returns, opts, io2)));

  returnsOptions(
    cmd('explain', 'trace one score from its input cells through formula, rule and weights')
      .argument('<system>', 'YAML file or bundled id')
      .argument('<returns...>', 'CSV or xlsx files'),
  )
    .requiredOption('--city <name>', 'city name or division code')
    .requiredOption('--node <id>', 'indicator id')
    .option('--json', 'the trace as JSON')
    .action((system: string, returns: string[], opts) => setRunner(async (io2) => (await import('./commands/explain.js')).run(system, returns, opts, io2)));

  cmd('report', 'render saved results JSON again as reports')
    .argument('<results>', 'results JSON written by score')
    .requiredOption('--out <dir>', 'output folder')
    .option('--format <formats>', 'xlsx,md,html,json', collect)
    .option('--per-city', 'also write one report per city')
    .addOption(new Option('--lang <lang>', 'report language').choices(['zh-CN', 'en']))
    .option('--inputs-dir <dir>', 'where the recorded inputs are, for the raw values and their cells (default: paths as recorded)')
    .option('--sensitivity <json>', 'put the results of cityscore sensitivity (its JSON) in the reports')
    .option('--audit <json>', 'put the results of cityscore audit (its JSON) in the reports')
    .action((results: string, opts) => setRunner(async (io2) => (await import('./commands/report.js')).run(results, opts, io2)));

  cmd('verify', 're-run an evaluation from the inputs its results record and compare every number')
    .argument('<results>', 'results JSON')
    .option('--inputs-dir <dir>', 'where the recorded inputs are (default: paths as recorded)')
    .action((results: string, opts) => setRunner(async (io2) => (await import('./commands/verify.js')).run(results, opts, io2)));

  returnsOptions(
    cmd('diff', 'what changed between two system versions, and (with --returns) what it does to every city')
      .argument('<old>', 'old system (file or bundled id)')
      .argument('<new>', 'new system (file or bundled id)'),
  )
    .option('--returns <file>', 'returns to score under both versions (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'json', 'xlsx']).default('text'))
    .option('-o, --output <file>', 'output file (required for xlsx)')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a change at this level or above exists').choices(['breaking', 'scoring', 'any', 'none']).default('none'))
    .option('--no-attribution', 'skip the Shapley attribution of score changes')
    .option('--groups <by>', 'attribution groups: dimension (default) or change')
    .option('--samples <n>', 'permutations for sampled Shapley values beyond 10 groups', int('--samples'))
    .option('--seed <n>', 'seed for sampled attribution', int('--seed'))
    .action((oldSys: string, newSys: string, opts) => setRunner(async (io2) => (await import('./commands/diff.js')).run(oldSys, newSys, opts, io2)));

  returnsOptions(
    cmd('weights', 'derive weights (entropy, CRITIC, AHP, …) and write them as an overlay system')
      .argument('<system>', 'YAML file or bundled id')
      .argument('[returns...]', 'CSV or xlsx files (objective methods)'),
  )
    .requiredOption('--method <method>', 'equal, entropy, critic, std, merec, ahp, pca, combined')
    .option('--level <n>', 'tree level to weight (1 = 一级)', int('--level'))
    .option('--alpha <a>', 'combined: share of the subjective weights')
    .option('-o, --output <file>', 'overlay YAML to write')
    .option('--strict', 'AHP: an inconsistent matrix is an error')
    .option('--json', 'weights as JSON')
    .action((system: string, returns: string[], opts) => setRunner(async (io2) => (await import('./commands/weights.js')).run(system, returns, opts, io2)));

  returnsOptions(
    cmd('audit', 'statistical coherence audit (correlations, collinearity, Cronbach alpha, influence)')
      .argument('<system>', 'YAML file or bundled id')
      .argument('<returns...>', 'CSV or xlsx files'),
  )
    .option('--json', 'as JSON')
    .option('--out <dir>', 'also write audit.json and audit.md (a report section) to this folder')
    .action((system: string, returns: string[], opts) => setRunner(async (io2) => (await import('./commands/audit.js')).run(system, returns, opts, io2)));

  returnsOptions(
    cmd('sensitivity', 'uncertainty and sensitivity analysis (Monte Carlo, Sobol indices)')
      .argument('<system>', 'YAML file or bundled id')
      .argument('<returns...>', 'CSV or xlsx files'),
  )
    .option('--spec <file>', 'YAML spec of the uncertain inputs')
    .option('--runs <n>', 'Monte Carlo runs (N)', int('--runs'))
    .option('--seed <n>', 'random seed', int('--seed'))
    .option('--weights-noise <f>', 'perturb weights by ±f (e.g. 0.25) at every level, or per level (1=0.25,2=0.1)')
    .option('--json', 'as JSON')
    .option('--out <dir>', 'also write sensitivity.json, sensitivity.md and rank-intervals.svg to this folder')
    .action((system: string, returns: string[], opts) => setRunner(async (io2) => (await import('./commands/sensitivity.js')).run(system, returns, opts, io2)));

  cmd('start', 'the main job on the bundled samples (what npm start runs)')
    .option('--out <dir>', 'report folder', 'out')
    .action((opts) => setRunner(async (io2) => (await import('./commands/start.js')).run(opts, io2)));

  return program;
}

/** Run the CLI; returns the exit code. */
export async function execute(argv: readonly string[], io: IO): Promise<number> {
  let runner: Runner | undefined;
  const program = buildProgram(io, (r) => (runner = r));
  const debug = argv.includes('--debug');
  io.debug = debug;
  io.quiet = argv.includes('--quiet') || argv.includes('-q');
  if (argv.length === 0) {
    io.err(program.helpInformation().replace(/\n$/, ''));
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!runner) return 0;
    return await runner(io);
  } catch (e) {
    return handleError(e, io, debug);
  }
}

export function handleError(e: unknown, io: IO, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2;
  }
  if (e instanceof CityscoreError) {
    printError(io, e);
    if (debug && e.stack) io.err(e.stack);
    return e.exitCode;
  }
  const err = e as Error;
  io.err(`cityscore: internal error: ${err?.message ?? String(e)}`);
  if (debug && err?.stack) io.err(err.stack);
  else io.err('  (run again with --debug for the stack trace, and report it with the cityscore version)');
  return 2;
}
