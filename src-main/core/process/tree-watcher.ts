import { listProcesses, treeIn } from './process-tree';
import type { ProcessEntry } from './process-tree';

const SCAN_EVERY_MS = 1_000;
/** A new tree is looked at soon after it starts too: its first commands may not live a second. */
const FIRST_SCANS_MS = [100, 400];

interface Watched {
  pid: number;
  startTime: string;
  members: Map<number, ProcessEntry>;
}

/**
 * Remembers every process each watched leader's tree has had, from one scan of the process table
 * a second for all of them. A member that leaves the leader's session (as Codex's commands do)
 * and is re-parented when the leader dies cannot be found from the leader any more; with this it
 * is still known, by pid and start time, when the run's leftovers are swept.
 */
export class TreeWatcher {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;

  watch(pid: number, startTime: string): { members(): ProcessEntry[]; stop(): void } {
    const entry: Watched = { pid, startTime, members: new Map() };
    this.watched.add(entry);
    this.timer ??= setInterval(() => void this.scan(), SCAN_EVERY_MS).unref();
    for (const ms of FIRST_SCANS_MS) setTimeout(() => void this.scan(), ms).unref();
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
      const all = await listProcesses();
      for (const entry of this.watched) for (const member of treeIn(all, entry.pid, entry.startTime)) entry.members.set(member.pid, member);
    } finally {
      this.scanning = false;
    }
  }
}
