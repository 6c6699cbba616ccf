// Ctrl-C / SIGTERM for long commands: the first signal aborts (the command finishes what it must
// and writes what it has), a second one quits at once with 130.

export interface Interrupt {
  signal: AbortSignal;
  /** Removes the handlers; call when the command ends. */
  release(): void;
}

export function onInterrupt(notice: string): Interrupt {
  const abort = new AbortController();
  const handler = (): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`obsbench: ${notice} (press Ctrl-C again to quit now)\n`);
    abort.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: abort.signal,
    release: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
