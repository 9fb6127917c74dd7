import { indexProcesses, listProcesses, treeIn } from './process-tree';
import type { ProcessEntry } from './process-tree';

const SCAN_EVERY_MS = 2_000;
/** A new tree is looked at soon after it starts too (its first commands may not live a second); one look serves every tree started meanwhile. */
const SOON_MS = 250;

interface Watched {
  pid: number;
  startTime: string;
  members: Map<number, ProcessEntry>;
}

/**
 * Remembers every process each watched leader's tree has had, from one scan of the process table
 * for all of them. A member that leaves the leader's session (as Codex's commands do)
 * and is re-parented when the leader dies cannot be found from the leader any more; with this it
 * is still known, by pid and start time, when the run's leftovers are swept. Every two seconds:
 * a command that leaves its session and loses its agent sooner is the one it can miss.
 */
export class TreeWatcher {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;
  private soon: NodeJS.Timeout | undefined;

  watch(pid: number, startTime: string): { members(): ProcessEntry[]; stop(): void } {
    const entry: Watched = { pid, startTime, members: new Map() };
    this.watched.add(entry);
    this.timer ??= setInterval(() => void this.scan(), SCAN_EVERY_MS).unref();
    this.soon ??= setTimeout(() => {
      this.soon = undefined;
      void this.scan();
    }, SOON_MS).unref();
    return {
      members: () => [...entry.members.values()],
      stop: () => {
        this.watched.delete(entry);
        if (this.watched.size === 0) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  /** Also on demand: right before a cancel, so the newest members are known. */
  async scan(): Promise<void> {
    if (this.scanning || this.watched.size === 0) return;
    this.scanning = true;
    try {
      const table = indexProcesses(await listProcesses());
      for (const entry of this.watched) for (const member of treeIn(table, entry.pid, entry.startTime)) entry.members.set(member.pid, member);
    } finally {
      this.scanning = false;
    }
  }
}
