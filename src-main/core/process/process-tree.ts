import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** Session id; 0 where the platform does not tell (then groups and parentage decide). */
  sid: number;
  /** Kernel start time where known: a pid that comes back with another start time is someone else. */
  startTime: string;
}

/** One rung of a kill ladder: these signals to every member, then up to `waitMs` for them to go. */
export interface SignalStep {
  signals: readonly NodeJS.Signals[];
  waitMs: number;
}

export interface TerminateOptions {
  /**
   * The polite rungs before SIGKILL, in order. Each goes to the whole tree as it is then (members
   * that appeared meanwhile included); once none of it runs, the rest is skipped.
   */
  ladder: readonly SignalStep[];
  pollMs?: number;
  /**
   * The leader's start time as recorded when it started (say, before a restart of Orrery). A
   * process now holding the pid with another start time is someone else: nothing is signalled.
   */
  expectedStartTime?: string;
  /**
   * Members seen earlier (with their start times). One that left the session and was re-parented
   * once the leader died can no longer be found from the leader; this is how it is still reached.
   */
  known?: readonly ProcessEntry[];
}

/**
 * A terminal closing: the shell gets SIGHUP first, as when a terminal window closes, so it can
 * pass it to its jobs; SIGTERM catches programs that treat SIGHUP as "reload", SIGCONT wakes
 * stopped jobs to die.
 */
export function hangUpLadder(graceMs: number): SignalStep[] {
  return [{ signals: ['SIGHUP', 'SIGTERM', 'SIGCONT'], waitMs: graceMs }];
}

/**
 * An agent cancelled: SIGINT first, as Ctrl+C would, so a CLI that handles it records its own
 * end (Claude Code writes its result line); SIGTERM for one that does not; SIGCONT for the stopped.
 */
export function interruptLadder(graceMs: number): SignalStep[] {
  return [
    { signals: ['SIGINT'], waitMs: graceMs },
    { signals: ['SIGTERM', 'SIGCONT'], waitMs: graceMs },
  ];
}

const KILL_WAIT_MS = 2_000;

/**
 * Everything that belongs to a terminal: its session (the PTY's first process is a session
 * leader, and job-control shells put each job in its own group inside that session), its
 * process group, and every descendant. Only a process that both starts a new session and gets
 * re-parented (a deliberate daemon) escapes, as it would from any terminal.
 *
 * @param leaderStartTime the leader's start time while it runs; undefined once it has exited.
 *   A process now holding the leader's pid but not matching is someone else, and so is the
 *   session it leads: then nothing is returned rather than risk signalling strangers.
 */
export async function listProcessTree(leaderPid: number, leaderStartTime: string | undefined): Promise<ProcessEntry[]> {
  return treeIn(indexProcesses(await listProcesses()), leaderPid, leaderStartTime);
}

/** One listing of the process table, indexed by pid and by parent, to look up many trees in. */
export interface ProcessTable {
  byPid: Map<number, ProcessEntry>;
  children: Map<number, ProcessEntry[]>;
  /** Members by session and by process group. */
  bySidOrPgid: Map<number, ProcessEntry[]>;
}

export function indexProcesses(all: readonly ProcessEntry[]): ProcessTable {
  const table: ProcessTable = { byPid: new Map(), children: new Map(), bySidOrPgid: new Map() };
  const add = (map: Map<number, ProcessEntry[]>, key: number, entry: ProcessEntry): void => {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  };
  for (const entry of all) {
    table.byPid.set(entry.pid, entry);
    add(table.children, entry.ppid, entry);
    add(table.bySidOrPgid, entry.sid, entry);
    if (entry.pgid !== entry.sid) add(table.bySidOrPgid, entry.pgid, entry);
  }
  return table;
}

/** listProcessTree over a table already taken, so one scan of /proc serves many trees. */
export function treeIn(table: ProcessTable, leaderPid: number, leaderStartTime: string | undefined): ProcessEntry[] {
  const holder = table.byPid.get(leaderPid);
  if (holder && holder.startTime !== leaderStartTime) return [];
  const members = new Map<number, ProcessEntry>();
  if (holder) members.set(holder.pid, holder);
  for (const entry of table.bySidOrPgid.get(leaderPid) ?? []) members.set(entry.pid, entry);
  const queue = [...members.keys()];
  while (queue.length > 0) {
    for (const child of table.children.get(queue.pop() as number) ?? []) {
      if (members.has(child.pid)) continue;
      members.set(child.pid, child);
      queue.push(child.pid);
    }
  }
  members.delete(process.pid);
  members.delete(1);
  return [...members.values()];
}

/**
 * Signals a whole tree rung by rung (see TerminateOptions.ladder), then SIGKILLs whatever is left,
 * including anything spawned meanwhile and members that left the group (they were listed before
 * the first signal, with their start times). Resolves once none of it is running.
 *
 * @param leaderRunning false once the leader's exit was reported: its pid may be reused.
 */
export async function terminateProcessTree(leaderPid: number, leaderRunning: boolean, options: TerminateOptions): Promise<void> {
  const pollMs = options.pollMs ?? 25;
  const currentStart = leaderRunning ? await startTimeOf(leaderPid) : undefined;
  if (options.expectedStartTime !== undefined && currentStart !== undefined && currentStart !== options.expectedStartTime) return;
  const leaderStartTime = currentStart;
  const tracked = new Map<number, ProcessEntry>();
  const track = (entries: readonly ProcessEntry[]): void => {
    for (const entry of entries) tracked.set(entry.pid, entry);
  };
  track(await listProcessTree(leaderPid, leaderStartTime));
  if (options.known !== undefined) {
    const stillThere = await Promise.all(options.known.map(isRunning));
    track(options.known.filter((_, index) => stillThere[index]));
  }
  if (tracked.size === 0) return;
  for (const step of options.ladder) {
    for (const entry of tracked.values()) for (const signal of step.signals) signalProcess(entry.pid, signal);
    const survivors = await waitUntilGone([...tracked.values()], step.waitMs, pollMs);
    tracked.clear();
    track(survivors);
    track(await listProcessTree(leaderPid, leaderStartTime));
    if (tracked.size === 0) return;
  }
  for (const entry of tracked.values()) signalProcess(entry.pid, 'SIGKILL');
  const survivors = await waitUntilGone([...tracked.values()], KILL_WAIT_MS, pollMs);
  if (survivors.length > 0) throw new Error(`Processes survived SIGKILL: ${survivors.map((entry) => entry.pid).join(', ')}`);
}

/** Whether this very process (same pid and start time) still runs; a zombie does not. */
export async function isRunning(entry: ProcessEntry): Promise<boolean> {
  if (process.platform === 'linux') {
    const stat = readStat(entry.pid);
    return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.entry.startTime === entry.startTime;
  }
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Start times are only known on Linux; elsewhere '' matches the '' every listed process carries. */
export async function startTimeOf(pid: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return '';
  return readStat(pid)?.entry.startTime;
}

async function waitUntilGone(entries: readonly ProcessEntry[], timeoutMs: number, pollMs: number): Promise<ProcessEntry[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = [...entries];
  for (;;) {
    const running = await Promise.all(alive.map(isRunning));
    alive = alive.filter((_, index) => running[index]);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone, or never ours to signal.
  }
}

export async function listProcesses(): Promise<ProcessEntry[]> {
  if (process.platform === 'linux') {
    const entries: ProcessEntry[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = readStat(Number(name));
      if (stat && stat.state !== 'Z') entries.push(stat.entry);
    }
    return entries;
  }
  return listWithPs();
}

/**
 * Read synchronously: a /proc stat file is a few hundred bytes the kernel makes up on the spot,
 * and the four thread-pool round trips of an async read cost far more than the read itself
 * (measured: with 50 runs watched, async scans were a fifth of the host's CPU).
 */
function readStat(pid: number): { entry: ProcessEntry; state: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is parenthesised and may itself contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    state: fields[0] ?? '',
    entry: { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), startTime: fields[19] ?? '' },
  };
}

function listWithPs(): Promise<ProcessEntry[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], (error, stdout) => {
      if (error) {
        reject(error);
        return;
      }
      const entries: ProcessEntry[] = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
        if (!pid || stat?.startsWith('Z')) continue;
        entries.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), sid: 0, startTime: '' });
      }
      resolve(entries);
    });
  });
}
