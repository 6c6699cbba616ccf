// A long command's sequence lines on a stream that is not a TTY: one plain line per piece (no
// carriage return, no escape codes), the count, the elapsed time from an injected clock, and the
// time left from the pieces done so far.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressPrinter, SequenceProgress } from '../../../src/cli/progress-printer.js';
import { emptyCounters } from '../../../src/load/worker-protocol.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

test('non-TTY: a plain line as each run begins, the time left from the runs done', () => {
  const out = fakeStream(false);
  let nowS = 1000;
  const progress = new SequenceProgress('ab', 'run', new ProgressPrinter(out.stream), { nowS: () => nowS });
  progress.begin(0, 4, 'A: as written');
  nowS += 30;
  progress.begin(1, 4, 'B: load.batchSize=200');
  nowS += 50;
  progress.begin(2, 4, 'B: load.batchSize=200');
  assert.equal(
    out.text(),
    [
      'ab: run 1 of 4 (A: as written); elapsed 0 s',
      'ab: run 2 of 4 (B: load.batchSize=200); elapsed 30 s; ~1 min 30 s left',
      'ab: run 3 of 4 (B: load.batchSize=200); elapsed 1 min 20 s; ~1 min 20 s left',
      '',
    ].join('\n'),
  );
  assert.ok(!out.text().includes('\r') && !out.text().includes('\u001b'), 'no \\r, no escape codes');
});

test('a TTY: the live load line is closed before a sequence line is printed', () => {
  const out = fakeStream(true);
  const printer = new ProgressPrinter(out.stream);
  const progress = new SequenceProgress('capacity', 'step', printer, { totalIsBound: true, nowS: () => 0 });
  printer.update('s', {
    elapsedS: 1,
    totalS: 10,
    phase: 'run',
    inFlight: 0,
    lastSecondP99Ms: 1,
    counters: { ...emptyCounters(), itemsSent: 10, itemsAccepted: 10 },
  });
  progress.begin(0, 8, '1000 items/s');
  const text = out.text();
  assert.ok(text.startsWith('\r'), 'the live line is rewritten in place on a TTY');
  assert.ok(
    text.endsWith('\ncapacity: step 1 of at most 8 (1000 items/s); elapsed 0 s\n'),
    JSON.stringify(text),
  );
});
