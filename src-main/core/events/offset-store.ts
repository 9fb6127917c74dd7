/**
 * Where reading a journal stopped. `dev`/`ino` identify the file the offset belongs to, so a
 * journal that was rotated while Orrery was not running is read from its start, not from an
 * offset into some other file.
 */
export interface JournalPosition {
  dev: number;
  ino: number;
  /** Byte offset of the first line not yet delivered; always at a line boundary. */
  offset: number;
}

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
