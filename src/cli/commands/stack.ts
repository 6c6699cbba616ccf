// `obsbench stack <subcommand>`: the real backends. `install` builds them from their Go modules
// (src/stack/install.ts) and prints its progress to stderr.

import { relative } from 'node:path';
import { ObsbenchError } from '../../errors.js';
import { formatDuration } from '../../reporters/eta.js';
import { type InstallEvent, type InstallReport, installStack } from '../../stack/install.js';
import { stackDown, stackStatus, stackUp } from '../../stack/stack-up.js';
import { coreListOption, parseCommandArgs } from '../args.js';

export const STACK_HELP = `Usage: obsbench stack <subcommand> [options]

Subcommands:
  install [names...]   build the pinned backends (all when no name is given) from their Go
                       modules into the stack cache; those already built at their pin are skipped
  up [kinds...]        start backends (victoriametrics, prometheus, victorialogs, collector; all
                       when none is given) on free loopback ports and leave them running;
                       --cores <list> pins them with taskset. Prints the endpoints to use.
  status               the backends left running by 'up': endpoint, pid, ready or not
  down [kinds...]      stop them (all when none is given) and delete their data; with no
                       kind given, also delete data dirs and CPU-limit cgroups left by killed runs

Run 'obsbench stack <subcommand> --help' for its options.`;

export const STACK_INSTALL_HELP = `Usage: obsbench stack install [names...] [options]

Builds each backend pinned in stack/versions (victoria-metrics, vmagent, victoria-logs,
prometheus, otelcol, telemetrygen) from its Go module with the Go toolchain on PATH (Go >= the
version stack/versions requires) into the stack cache: .stack/ in the repo, or
$OBSBENCH_STACK_DIR. Nothing prebuilt is downloaded. A binary already built at its pinned
version with the same Go is skipped. Backends that cannot be built here (tempo, loki) are
listed as unavailable with the reason. Progress goes to stderr, one plain line per event, each
backend with its place in the list and the time elapsed ("victoria-metrics (1/8): built in
41.2 s ...; elapsed 45 s"), and every 30 s while a build runs, "still building (30.0 s)".

Options:
  --dir <path>     stack cache directory (default: $OBSBENCH_STACK_DIR or .stack/)
  --verbose        also print the build commands' output (go: downloading ...)
  --json           print the install report as JSON to stdout
  -h, --help       this help

Exit codes: 0 every requested backend is built or unavailable; 1 a build failed; 2 bad input
or no usable Go toolchain.`;

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  install: stackInstallCommand,
  up: stackUpCommand,
  down: stackDownCommand,
  status: stackStatusCommand,
};

async function stackUpCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('stack up', argv, {
    cores: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${STACK_HELP}\n`);
    return 0;
  }
  const running = await stackUp(positionals, {
    cores: coreListOption('cores', values.cores as string | undefined),
  });
  for (const b of running) {
    const grpc = b.grpcEndpoint ? `  grpc ${b.grpcEndpoint}` : '';
    process.stdout.write(
      `${b.kind.padEnd(16)} pid ${b.pid}  target: { kind: ${b.kind}, endpoint: ${b.endpoint} }${grpc}  log ${b.logPath}\n`,
    );
  }
  return 0;
}

async function stackDownCommand(argv: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('stack down', argv, {});
  const { stopped, leftoversRemoved } = await stackDown(positionals);
  process.stdout.write(stopped.length > 0 ? `stopped: ${stopped.join(', ')}\n` : 'nothing was running\n');
  if (leftoversRemoved.length > 0) {
    process.stdout.write(
      `removed ${leftoversRemoved.length} leftover(s) of killed runs (data dirs, CPU-limit cgroups): ${leftoversRemoved.join(', ')}\n`,
    );
  }
  return 0;
}

async function stackStatusCommand(argv: string[]): Promise<number> {
  parseCommandArgs('stack status', argv, {});
  const status = await stackStatus();
  if (status.length === 0) process.stdout.write('no backends started with obsbench stack up\n');
  for (const b of status) {
    const state = !b.alive ? 'DEAD' : b.ready ? 'ready' : 'not ready';
    process.stdout.write(
      `${b.kind.padEnd(16)} ${state.padEnd(9)} pid ${b.pid}  ${b.endpoint}  since ${b.startedAt}\n`,
    );
  }
  return status.some((b) => !b.alive) ? 1 : 0;
}

export async function stackCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${STACK_HELP}\n`);
    return sub === undefined ? 2 : 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) {
    throw new ObsbenchError(
      'E_USAGE',
      `stack: unknown subcommand ${JSON.stringify(sub)}: expected one of ${Object.keys(SUBCOMMANDS).join(', ')}`,
    );
  }
  return run(rest);
}

// A build prints nothing for minutes without --verbose; a heartbeat shows it is alive.
const HEARTBEAT_MS = 30_000;

async function stackInstallCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('stack install', argv, {
    dir: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${STACK_INSTALL_HELP}\n`);
    return 0;
  }
  const printer = new InstallPrinter(values.verbose as boolean);
  const heartbeat = setInterval(() => printer.heartbeat(), HEARTBEAT_MS);
  heartbeat.unref();
  let report: InstallReport;
  try {
    report = await installStack(positionals, {
      stackDir: values.dir as string | undefined,
      onEvent: (event) => printer.event(event),
    });
  } finally {
    clearInterval(heartbeat);
  }
  printer.summary(report);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

class InstallPrinter {
  private current: { name: string; startedMs: number; lastLine: string } | undefined;
  private readonly startedMs = performance.now();
  private names: readonly string[] = [];

  constructor(private readonly verbose: boolean) {}

  private say(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  /** "victoria-metrics (2/8)": where the backend is in the list this install goes through. */
  private place(name: string): string {
    const index = this.names.indexOf(name);
    return index < 0 ? name : `${name} (${index + 1}/${this.names.length})`;
  }

  private elapsed(): string {
    return `elapsed ${formatDuration((performance.now() - this.startedMs) / 1000)}`;
  }

  event(e: InstallEvent): void {
    switch (e.kind) {
      case 'start':
        this.names = e.names;
        this.say(
          `stack install: cache ${shortPath(e.stackDir)}; ${e.go ? `${e.go.version} at ${e.go.goPath}` : 'no go on PATH'}`,
        );
        break;
      case 'skipped':
        this.say(
          `${this.place(e.name)}: already built at ${e.version} with ${e.goVersion}${e.binaryVersion ? ` (${e.binaryVersion})` : ''}, skipped`,
        );
        break;
      case 'unavailable':
        this.say(`${this.place(e.name)}: unavailable: ${e.reason}`);
        break;
      case 'building':
        this.current = { name: e.name, startedMs: performance.now(), lastLine: '' };
        this.say(
          `${this.place(e.name)}: building ${e.module}@${e.version} (${e.route}; ${e.why}); ${this.elapsed()}`,
        );
        break;
      case 'step':
        this.say(`${e.name}:   $ ${e.command}`);
        break;
      case 'output':
        if (this.current) this.current.lastLine = e.line;
        if (this.verbose) this.say(`${e.name}:   ${e.line}`);
        break;
      case 'built':
        this.current = undefined;
        this.say(
          `${this.place(e.name)}: built in ${seconds(e.durationMs)} -> ${shortPath(e.binaryPath)}${e.binaryVersion ? ` (${e.binaryVersion})` : ''}; ${this.elapsed()}`,
        );
        break;
      case 'failed':
        this.current = undefined;
        this.say(
          `${this.place(e.name)}: FAILED after ${seconds(e.durationMs)}: ${e.message}; ${this.elapsed()}`,
        );
        break;
    }
  }

  heartbeat(): void {
    const c = this.current;
    if (!c || this.verbose) return;
    const last = c.lastLine.trim();
    this.say(
      `${this.place(c.name)}: still building (${seconds(performance.now() - c.startedMs)}); ${this.elapsed()}${last ? `; last output: ${last.slice(0, 160)}` : ''}`,
    );
  }

  summary(report: InstallReport): void {
    const count = (status: string): number => report.backends.filter((b) => b.status === status).length;
    this.say(
      `stack install: ${count('built')} built, ${count('skipped')} skipped, ${count('unavailable')} unavailable, ${count('failed')} failed in ${seconds(report.totalDurationMs)}`,
    );
    for (const b of report.backends) {
      if (b.status === 'failed') this.say(`  ${b.name}: ${b.message}`);
    }
  }
}
