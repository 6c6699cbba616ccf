// Runs one build command (go, the Collector builder) as a child process: its output lines go to a
// callback as they come, the last lines are kept for the error message, stdout can be captured.

import { spawn } from 'node:child_process';

export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Each line of stdout and stderr, as it arrives (stdout only when not captured). */
  readonly onLine?: (line: string) => void;
  /** Keep stdout as text instead of reporting it line by line (e.g. `go mod download -json`). */
  readonly captureStdout?: boolean;
}

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  /** The last output lines (stderr, plus stdout when not captured), oldest first. */
  readonly tail: readonly string[];
}

const TAIL_LINES = 200;

/** Resolves when the command exits; rejects only when it could not be started (e.g. ENOENT). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const stdoutChunks: Buffer[] = [];
    const keep = (line: string): void => {
      if (tail.length === TAIL_LINES) tail.shift();
      tail.push(line);
      options.onLine?.(line);
    };
    const stderrLines = lineSplitter(keep);
    child.stderr.on('data', stderrLines.push);
    if (options.captureStdout) {
      child.stdout.on('data', (chunk: Buffer) => stdoutChunks.push(chunk));
    } else {
      const stdoutLines = lineSplitter(keep);
      child.stdout.on('data', stdoutLines.push);
      child.stdout.on('end', stdoutLines.flush);
    }
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      stderrLines.flush();
      resolvePromise({ exitCode, signal, stdout: Buffer.concat(stdoutChunks).toString('utf8'), tail });
    });
  });
}

function lineSplitter(onLine: (line: string) => void): { push: (chunk: Buffer) => void; flush: () => void } {
  let pending = '';
  return {
    push(chunk: Buffer): void {
      const text = pending + chunk.toString('utf8');
      const parts = text.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) onLine(part.replace(/\r$/, ''));
    },
    flush(): void {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
