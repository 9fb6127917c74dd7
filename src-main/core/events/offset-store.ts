import type { JournalPosition } from '../../../src-shared/events/journal-stats';

export type { JournalPosition };

/** Persists journal positions, keyed by absolute journal path. */
export interface OffsetStore {
  load(path: string): JournalPosition | undefined;
  save(path: string, position: JournalPosition): void;
}

export class MemoryOffsetStore implements OffsetStore {
  private readonly positions = new Map<string, JournalPosition>();

  load(path: string): JournalPosition | undefined {
    const position = this.positions.get(path);
    return position && { ...position };
  }

  save(path: string, position: JournalPosition): void {
    this.positions.set(path, { ...position });
  }
}
