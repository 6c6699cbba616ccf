// obsbench's load plan as k6 scenarios. obsbench rates count items (spans, samples, log lines) a
// second; a k6 iteration sends one batch, so k6 rates are items/s / batchSize iterations, per
// second when every rate of the plan divides evenly, else per minute (rounded; a rate above 0
// stays at least 1). Arrival-rate plans map onto k6's arrival-rate executors (steps: a stepped
// ramping-arrival-rate, 0 s jumps and flat holds); max-throughput onto constant-vus (closed
// model). The warmup becomes a scenario of its own ahead of the measured one, so thresholds can
// leave it out ({scenario:measured}).

import type { LoadSpec, RateSegment } from '../model/scenario.js';
import { expanded, type JsObject, type JsValue } from './js-value.js';

/** The k6 scenario thresholds are filtered on; the warmup runs as `warmup` before it. */
export const MEASURED_SCENARIO = 'measured';
const WARMUP_SCENARIO = 'warmup';

export interface K6Load {
  /** options.scenarios: the warmup (when there is one), then the measured scenario. */
  scenarios: Record<string, JsValue>;
  /** Header lines: the conversion and what it could not keep. */
  notes: string[];
}

interface K6Rates {
  timeUnit: '1s' | '1m';
  /** Iterations per timeUnit, one per item rate asked for. */
  rates: number[];
  /** True when a rate had to be rounded to a whole number of iterations. */
  rounded: boolean;
}

const EPSILON = 1e-9;
const isWhole = (x: number): boolean => Math.abs(x - Math.round(x)) < EPSILON;

/** Items/s as whole k6 iterations per timeUnit: per second when all divide evenly, else per minute. */
export function k6Rates(itemsPerS: readonly number[], batchSize: number): K6Rates {
  const perS = itemsPerS.map((rate) => rate / batchSize);
  if (perS.every(isWhole)) return { timeUnit: '1s', rates: perS.map(Math.round), rounded: false };
  const perMinute = perS.map((x) => (x === 0 ? 0 : Math.max(1, Math.round(x * 60))));
  return {
    timeUnit: '1m',
    rates: perMinute,
    rounded: perS.some((x, i) => Math.abs(x * 60 - perMinute[i]) > EPSILON),
  };
}

/** Seconds as a k6 (Go) duration string. */
function k6Duration(seconds: number): string {
  return `${Number(seconds.toFixed(6))}s`;
}

function formatRate(n: number): string {
  return Number(n.toFixed(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** The item rates of the plan in order: ramping start, then each segment's end. */
function planRates(segments: readonly RateSegment[]): number[] {
  return [segments[0].fromRatePerS, ...segments.map((s) => s.toRatePerS)];
}

interface Stage {
  duration: string;
  target: number;
}

function arrivalRateScenario(load: LoadSpec, k6: K6Rates, vus: number): JsObject {
  const [start, ...targets] = k6.rates;
  if (load.executor === 'constant-arrival-rate') {
    return {
      executor: 'constant-arrival-rate',
      rate: start,
      timeUnit: k6.timeUnit,
      duration: k6Duration(load.durationS),
      preAllocatedVUs: vus,
      maxVUs: vus,
    };
  }
  const stages: Stage[] = [];
  let current = start;
  load.segments.forEach((segment, i) => {
    // steps: the rate jumps (a 0 s stage) and holds; ramping: each stage ramps to its target.
    if (load.executor === 'steps' && targets[i] !== current)
      stages.push({ duration: '0s', target: targets[i] });
    stages.push({ duration: k6Duration(segment.durationS), target: targets[i] });
    current = targets[i];
  });
  return {
    executor: 'ramping-arrival-rate',
    startRate: start,
    timeUnit: k6.timeUnit,
    preAllocatedVUs: vus,
    maxVUs: vus,
    stages: stages.map((s) => ({ duration: s.duration, target: s.target })),
  };
}

function warmupScenario(load: LoadSpec, k6: K6Rates, vus: number): JsObject | null {
  if (load.warmupS <= 0) return null;
  if (load.executor === 'max-throughput') {
    return { executor: 'constant-vus', vus, duration: k6Duration(load.warmupS) };
  }
  if (k6.rates[0] === 0) return null;
  return {
    executor: 'constant-arrival-rate',
    rate: k6.rates[0],
    timeUnit: k6.timeUnit,
    duration: k6Duration(load.warmupS),
    preAllocatedVUs: vus,
    maxVUs: vus,
  };
}

function rateNotes(load: LoadSpec, unit: string, k6: K6Rates): string[] {
  const per = k6.timeUnit === '1s' ? 'iterations/s' : 'iterations/min';
  const items = planRates(load.segments);
  const pairs = items.map((rate, i) => ({ rate, k6: k6.rates[i] }));
  const shown = load.executor === 'constant-arrival-rate' ? pairs.slice(0, 1) : pairs;
  const distinct = shown.filter((p, i) => shown.findIndex((q) => q.rate === p.rate) === i);
  const list = distinct.map((p) => `${formatRate(p.rate)} ${unit}/s -> ${p.k6} ${per}`).join(', ');
  const lines = [
    `Rates: obsbench counts ${unit} a second, a k6 iteration sends one batch of ${load.batchSize}, so ` +
      `iterations/s = ${unit}/s / ${load.batchSize}: ${list}.`,
  ];
  if (k6.timeUnit === '1m')
    lines.push(
      `Some rates are not a whole number of iterations a second, so timeUnit is 1m` +
        (k6.rounded ? ' and they are rounded to whole iterations a minute (at least 1).' : '.'),
    );
  return lines;
}

/** The k6 scenarios for a load plan, `unit` naming its items (spans, samples, log lines). */
export function k6Load(load: LoadSpec, unit: string): K6Load {
  const notes: string[] = [];
  let measured: JsObject;
  let warmup: JsObject | null;
  if (load.executor === 'max-throughput') {
    const vus = load.concurrency * load.workers;
    measured = { executor: 'constant-vus', vus, duration: k6Duration(load.durationS) };
    warmup = warmupScenario(load, { timeUnit: '1s', rates: [0], rounded: false }, vus);
    notes.push(
      `Closed model, as obsbench's max-throughput: ${vus} VUs (concurrency ${load.concurrency} x ` +
        `workers ${load.workers}) each send a batch of ${load.batchSize} ${unit}, wait for it, send the next; ` +
        `the rate is whatever the target sustains.`,
    );
  } else {
    const k6 = k6Rates(planRates(load.segments), load.batchSize);
    const vus = load.maxInFlight * load.workers;
    measured = arrivalRateScenario(load, k6, vus);
    warmup = warmupScenario(load, k6, vus);
    notes.push(...rateNotes(load, unit, k6));
    notes.push(
      `VUs: obsbench keeps at most maxInFlight ${load.maxInFlight} x workers ${load.workers} = ${vus} ` +
        `requests in flight, so preAllocatedVUs = maxVUs = ${vus}; an iteration that finds no free VU is ` +
        `dropped (k6's dropped_iterations), as obsbench drops a schedule that finds no free slot.`,
    );
    if (load.executor === 'steps')
      notes.push('Steps: a ramping-arrival-rate whose stages jump (0s) to each step and hold it.');
  }
  if (warmup !== null) {
    notes.push(
      `Warmup: the scenario ${WARMUP_SCENARIO} (${k6Duration(load.warmupS)} at the first rate) runs first; ` +
        `${MEASURED_SCENARIO} starts after it and the thresholds count ${MEASURED_SCENARIO} only.`,
    );
    measured = { ...measured, startTime: k6Duration(load.warmupS) };
  } else if (load.warmupS > 0) {
    notes.push(`Warmup: ${k6Duration(load.warmupS)} at rate 0 sends nothing, so it is left out.`);
  }
  const scenarios: Record<string, JsValue> = {};
  if (warmup !== null) scenarios[WARMUP_SCENARIO] = expanded(warmup);
  scenarios[MEASURED_SCENARIO] = expanded(measured);
  return { scenarios, notes };
}
