#!/usr/bin/env node
// obsbench command line: parse the command, call the library, print. Holds no logic of its own.

import { isObsbenchError } from '../errors.js';

const HELP = `obsbench: load-testing and benchmark harness for observability backends

Usage: obsbench <command> [options]

Commands:
  run <scenario|dir>   run scenarios and write results (obsbench run --help)
  sink                 run the built-in OTLP sink standalone
  merge <shards...>    one result from the results of a run's shards (run --shard I/N), exactly
  bench                micro-benchmarks of the encoders vs the reference serializer
  list [dir]           list and validate the scenarios of a directory
  capacity <scenario>  highest sustainable rate of a managed backend on N pinned cores
  validate [--quick]   measure every documented claim (docs/claims.md) and give verdicts
  compare BASE CAND    two sets of runs figure by figure, with a noise-aware gate (exit 1 on a regression)
  ab <scenario>        two variants of a scenario run interleaved here, then compared (--a/--b)
  baseline save <dir>  a compact, committable record of runs that compare reads in their place
  report <inputs...>   one self-contained HTML page of runs, a comparison, capacity or claims (--html FILE)
  publish <results...> runs' figures into VictoriaMetrics / Prometheus over remote write (--remote-write URL)
  export k6 <scenario> a k6 script for the signal's xk6 extension (-o FILE; k6 is not run here)
  stack install [names] build the real backends from their Go modules (obsbench stack --help)

Run 'obsbench <command> --help' for a command's options. Add --debug for stack traces.`;

// Loaded on demand: `obsbench sink` need not load the benchmarks, nor `run` the sink's CLI.
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  run: async () => (await import('./commands/run.js')).runScenariosCommand,
  sink: async () => (await import('./commands/sink.js')).sinkCommand,
  merge: async () => (await import('./commands/merge.js')).mergeCommand,
  bench: async () => (await import('./commands/bench.js')).benchCommand,
  list: async () => (await import('./commands/list.js')).listCommand,
  stack: async () => (await import('./commands/stack.js')).stackCommand,
  capacity: async () => (await import('./commands/capacity.js')).capacityCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  ab: async () => (await import('./commands/ab.js')).abCommand,
  baseline: async () => (await import('./commands/baseline.js')).baselineCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  publish: async () => (await import('./commands/publish.js')).publishCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { toolInfo } = await import('../run/environment.js');
    process.stdout.write(`${toolInfo().version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(
      `obsbench: unknown command ${JSON.stringify(name)}: expected one of ${Object.keys(COMMANDS).join(', ')}\n`,
    );
    return 2;
  }
  return (await command())(rest);
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2).filter((a) => a !== '--debug')).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isObsbenchError(error)) {
      process.stderr.write(`obsbench: error: ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitCode;
    } else {
      const e = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(`obsbench: internal error: ${e.message}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      else process.stderr.write('(run again with --debug for the stack trace)\n');
      process.exitCode = 1;
    }
  },
);
