import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * What the benchmark reads from /proc: CPU time per process (to split the machine's CPU
 * between the server, PostgreSQL, the load generator and anything else running), peak
 * resident memory, and the machine's description.
 */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcSample {
  readonly pid: number;
  readonly ticks: number;
  readonly title: string;
}

function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ticks, title };
  } catch {
    return undefined; // gone between readdir and read
  }
}

function allProcesses(): ProcSample[] {
  const samples: ProcSample[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const sample = readProc(Number(entry));
    if (sample) samples.push(sample);
  }
  return samples;
}

interface CpuTotals {
  readonly busy: number;
  readonly iowait: number;
  readonly all: number;
}

function cpuTotals(): CpuTotals {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const field = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((value) => Number(value));
  const at = (index: number) => field[index] ?? 0;
  // user nice system idle iowait irq softirq steal
  const busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
  return { busy, iowait: at(4), all: busy + at(3) + at(4) };
}

/** CPU used during a window, in cores (1.0 = one core fully busy), by category. */
export interface CpuSplit {
  readonly seconds: number;
  readonly byCategory: Record<string, number>;
  /** Busy CPU of the whole machine (all processes, kernel included), in cores. */
  readonly machineBusy: number;
  /** Busy CPU not attributed to any category (other users' processes, kernel threads, softirq). */
  readonly other: number;
  readonly iowait: number;
  readonly cores: number;
}

export type Classifier = (process: { pid: number; title: string }) => string | undefined;

/**
 * Samples every process once a second and reports, for the window between the first and
 * the last sample, the CPU each category used. A process that starts after the first
 * sample is counted from its first sighting (at most one interval is missed).
 */
export class CpuSampler {
  private first = new Map<number, number>();
  private last = new Map<number, { ticks: number; category: string }>();
  private timer: NodeJS.Timeout | undefined;
  private startTotals: CpuTotals | undefined;
  private endTotals: CpuTotals | undefined;
  private startAt = 0;
  private endAt = 0;

  constructor(private readonly classify: Classifier) {}

  private sample(): void {
    const now = performance.now();
    const totals = cpuTotals();
    for (const process of allProcesses()) {
      const category = this.classify(process);
      if (category === undefined) continue;
      if (!this.first.has(process.pid))
        this.first.set(process.pid, this.startTotals ? 0 : process.ticks);
      this.last.set(process.pid, { ticks: process.ticks, category });
    }
    if (!this.startTotals) {
      this.startTotals = totals;
      this.startAt = now;
    }
    this.endTotals = totals;
    this.endAt = now;
  }

  start(intervalMs = 1000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): CpuSplit {
    if (this.timer) clearInterval(this.timer);
    const seconds = (this.endAt - this.startAt) / 1000;
    const byCategory: Record<string, number> = {};
    for (const [pid, { ticks, category }] of this.last) {
      const first = this.first.get(pid) ?? ticks;
      byCategory[category] = (byCategory[category] ?? 0) + (ticks - first);
    }
    const cores = os.availableParallelism();
    const start = this.startTotals!;
    const end = this.endTotals!;
    const allTicks = end.all - start.all || 1;
    // /proc/stat counts all CPUs: its share times the core count gives cores busy.
    const machineBusy = ((end.busy - start.busy) / allTicks) * cores;
    const iowait = ((end.iowait - start.iowait) / allTicks) * cores;
    const inCores: Record<string, number> = {};
    let attributed = 0;
    for (const [category, ticks] of Object.entries(byCategory)) {
      const value = seconds > 0 ? ticks / CLOCK_TICKS / seconds : 0;
      inCores[category] = value;
      attributed += value;
    }
    return {
      seconds,
      byCategory: inCores,
      machineBusy,
      other: Math.max(0, machineBusy - attributed),
      iowait,
      cores,
    };
  }
}

/**
 * CPU of a measuring child process (node), PostgreSQL (the backends of database `dbName` and
 * the server's own processes), and everything else on the machine (other).
 */
export function childAndPostgresSampler(
  childPid: () => number | undefined,
  dbName: string,
): CpuSampler {
  return new CpuSampler(({ pid, title }) => {
    if (pid === childPid()) return 'node';
    const backend = /^postgres: [^:]+: \S+ (\S+) /.exec(title);
    if (backend) return backend[1] === dbName ? 'postgres' : undefined;
    if (title.startsWith('postgres: ') || /bin\/postgres\b/.test(title)) return 'postgres';
    return undefined;
  });
}

/** Busy share of the machine over a short interval, in cores. */
export async function machineLoad(ms: number): Promise<number> {
  const before = cpuTotals();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTotals();
  return ((after.busy - before.busy) / (after.all - before.all || 1)) * os.availableParallelism();
}

/** The heaviest processes right now (for the report of what else was running). */
export function busiestProcesses(
  windowMs: number,
  count: number,
): Promise<{ title: string; cores: number }[]> {
  const before = new Map(allProcesses().map((p) => [p.pid, p.ticks]));
  return new Promise((resolve) =>
    setTimeout(() => {
      const rows = allProcesses()
        .map((p) => ({
          title: p.title.slice(0, 80),
          cores: (p.ticks - (before.get(p.pid) ?? p.ticks)) / CLOCK_TICKS / (windowMs / 1000),
        }))
        .filter((row) => row.cores > 0.02)
        .sort((a, b) => b.cores - a.cores)
        .slice(0, count);
      resolve(rows);
    }, windowMs),
  );
}

function statusField(pid: number, field: string): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set size of a live process, in bytes (VmHWM). */
export function peakRss(pid: number): number | undefined {
  return statusField(pid, 'VmHWM');
}

/** Current resident set size of a live process, in bytes (VmRSS). */
export function currentRss(pid: number): number | undefined {
  return statusField(pid, 'VmRSS');
}

/**
 * Resets a process's VmHWM to its current RSS (Linux ≥ 4.0, `echo 5 > /proc/<pid>/clear_refs`;
 * needs the right to write there), so that the next reading is the peak of what follows.
 * Returns whether it could.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly node: string;
}

export function describeMachine(): Machine {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model =
    /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cores: os.availableParallelism(),
    cpuModel: model,
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
