import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';

export interface TranscriptPiece {
  text: string;
  done: boolean;
}

/**
 * Each run's readable transcript, kept in a file of its own under the data directory (already
 * redacted), so `orrery logs` and a transcript tab opened after a restart read the whole of it.
 */
export class TranscriptLog {
  private readonly dir: string;
  private readonly open = new Map<string, number>();
  private readonly listeners = new Map<string, ListenerSet<TranscriptPiece>>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  append(runId: string, text: string): void {
    let fd = this.open.get(runId);
    if (fd === undefined) this.open.set(runId, (fd = openSync(this.file(runId), 'a', 0o600)));
    appendFileSync(fd, text);
    this.listeners.get(runId)?.emit({ text, done: false });
  }

  /** The run is over: its followers get `done`. */
  close(runId: string): void {
    const fd = this.open.get(runId);
    if (fd !== undefined) closeSync(fd);
    this.open.delete(runId);
    this.listeners.get(runId)?.emit({ text: '', done: true });
    this.listeners.delete(runId);
  }

  read(runId: string): string {
    const file = this.file(runId);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  isOpen(runId: string): boolean {
    return this.open.has(runId);
  }

  /** What is there now, then every new piece, then `done`; for an ended run just the whole with `done`. */
  follow(runId: string, push: (piece: TranscriptPiece) => void): Dispose {
    const live = this.open.has(runId);
    push({ text: this.read(runId), done: !live });
    if (!live) return () => undefined;
    let listeners = this.listeners.get(runId);
    if (!listeners) this.listeners.set(runId, (listeners = new ListenerSet()));
    return listeners.add(push);
  }

  dispose(): void {
    for (const runId of [...this.open.keys()]) this.close(runId);
  }

  private file(runId: string): string {
    return join(this.dir, `${runId.replace(/[^\w-]/g, '_')}.log`);
  }
}
