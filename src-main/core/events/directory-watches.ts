import { watch, type FSWatcher } from 'node:fs';

/** Called with the changed entry's name, or `null` when the platform could not say which. */
export type DirectoryListener = (filename: string | null) => void;

interface DirectoryWatch {
  watcher: FSWatcher | undefined;
  readonly listeners: Set<DirectoryListener>;
}

/**
 * One `fs.watch` per directory, shared by every journal in it. Directories, not files, are watched
 * because a file watch dies with the inode it was opened on, which is exactly what rotation replaces.
 * A directory that does not exist yet (or vanished) is retried by {@link reattach}.
 */
export class DirectoryWatches {
  private readonly watches = new Map<string, DirectoryWatch>();

  /** Returns what unsubscribes; the directory's watcher closes with its last listener. */
  subscribe(dir: string, listener: DirectoryListener): () => void {
    let entry = this.watches.get(dir);
    if (!entry) {
      entry = { watcher: undefined, listeners: new Set() };
      this.watches.set(dir, entry);
      this.attach(dir, entry);
    }
    const watched = entry;
    watched.listeners.add(listener);
    return () => {
      if (!watched.listeners.delete(listener) || watched.listeners.size > 0) return;
      watched.watcher?.close();
      if (this.watches.get(dir) === watched) this.watches.delete(dir);
    };
  }

  /** Attaches watchers whose directory was missing; cheap enough to call on every poll tick. */
  reattach(): void {
    for (const [dir, entry] of this.watches) {
      if (!entry.watcher) this.attach(dir, entry);
    }
  }

  close(): void {
    for (const entry of this.watches.values()) entry.watcher?.close();
    this.watches.clear();
  }

  private attach(dir: string, entry: DirectoryWatch): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, filename) => {
        for (const listener of entry.listeners) listener(filename);
      });
    } catch {
      return; // Missing or unreadable for now; the poll keeps trying and covers the gap.
    }
    watcher.on('error', () => {
      watcher.close();
      if (entry.watcher === watcher) entry.watcher = undefined;
    });
    entry.watcher = watcher;
  }
}
