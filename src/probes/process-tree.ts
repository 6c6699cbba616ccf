// One reading of a process tree from /proc: CPU seconds (user + sys, the children it reaped
// included) and resident memory, summed over the root and all its descendants, plus the highest
// single-process peak RSS (VmHWM). Linux only; elsewhere every read returns null.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessTreeReading {
  /** Epoch ms of the reading. */
  atEpochMs: number;
  /** user + system CPU of every live process in the tree, plus what they reaped from children. */
  cpuSeconds: number;
  /** Sum of VmRSS over the tree. */
  rssBytes: number;
  /** Highest VmHWM (peak RSS) of any one process in the tree. */
  peakRssBytes: number;
  processes: number;
}

let clockTicksPerS: number | null = null;

/** USER_HZ: the unit of the CPU fields in /proc/<pid>/stat (100 on every common Linux). */
function ticksPerS(): number {
  if (clockTicksPerS === null) {
    try {
      clockTicksPerS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerS = 100;
    }
  }
  return clockTicksPerS;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process exited between listing and reading
  }
}

interface StatFields {
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  cpuTicks: number;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parens. */
export function parseStat(text: string): StatFields | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  // After ") ": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17): index = field - 3.
  const f = text.slice(close + 2).split(' ');
  if (f.length < 15) return null;
  const ppid = Number(f[1]);
  const cpuTicks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  return Number.isFinite(ppid) && Number.isFinite(cpuTicks) ? { ppid, cpuTicks } : null;
}

/** A `VmXxx:   1234 kB` line of /proc/<pid>/status, in bytes; 0 when absent (kernel threads, zombies). */
export function statusKb(text: string, key: string): number {
  const at = text.indexOf(`${key}:`);
  if (at < 0) return 0;
  const m = /^\s*(\d+)\s*kB/.exec(text.slice(at + key.length + 1));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * The root and its descendants from the kernel's per-thread children lists: a few reads for a
 * backend's small tree, where a parent map costs a pass over every process on the host (this
 * runs every 0.5 s on the harness's main thread). Null when the kernel has no children files.
 */
function treeFromChildrenFiles(rootPid: number): number[] | null {
  const out: number[] = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    out.push(pid);
    for (const tid of tasks) {
      const children = readText(`/proc/${pid}/task/${tid}/children`);
      if (children === null) {
        if (pid === rootPid) return null; // no children files on this kernel
        continue;
      }
      for (const child of children.trim().split(/\s+/)) if (child) stack.push(Number(child));
    }
  }
  return out;
}

/** Parent of every live process, from one pass over /proc. */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readText(`/proc/${pid}/stat`);
    const fields = stat ? parseStat(stat) : null;
    if (fields) parents.set(pid, fields.ppid);
  }
  return parents;
}

/** The root and its descendants, from a parent map. */
export function descendants(rootPid: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const seen = new Set<number>();
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    for (const child of children.get(pid) ?? []) stack.push(child);
  }
  return [...seen];
}

/** Reads the tree rooted at `rootPid` now; null when the root is gone or /proc is absent. */
export function readProcessTree(rootPid: number): ProcessTreeReading | null {
  if (readText(`/proc/${rootPid}/stat`) === null) return null;
  const pids = treeFromChildrenFiles(rootPid) ?? descendants(rootPid, parentMap());
  let cpuTicks = 0;
  let rssBytes = 0;
  let peakRssBytes = 0;
  let processes = 0;
  for (const pid of pids) {
    const stat = readText(`/proc/${pid}/stat`);
    const fields = stat ? parseStat(stat) : null;
    if (!fields) continue;
    const status = readText(`/proc/${pid}/status`) ?? '';
    cpuTicks += fields.cpuTicks;
    rssBytes += statusKb(status, 'VmRSS');
    peakRssBytes = Math.max(peakRssBytes, statusKb(status, 'VmHWM'));
    processes++;
  }
  return { atEpochMs: Date.now(), cpuSeconds: cpuTicks / ticksPerS(), rssBytes, peakRssBytes, processes };
}
