import type { ParseFailureReason } from './event-schema';

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

/**
 * Journal health as clients see it. Kept apart from the tailer (which needs Node) so the
 * renderer can share these types through the api contract.
 */
export type LineRejectReason = 'oversize_line' | 'invalid_utf8';
export type RejectReason = ParseFailureReason | LineRejectReason;

export interface Rejection {
  reason: RejectReason;
  detail: string;
  /** Byte offset of the rejected line in the file it was read from. */
  offset: number;
  /** 1-based; unknown when reading resumed from a saved offset. */
  line: number | undefined;
  excerpt: string;
  /** Wall-clock ms when it was rejected. */
  at: number;
}

export interface JournalStats {
  journal: string;
  /** What brought it in: the journal itself, or the folder it was found in. */
  source: string;
  /** Added from Orrery (journals.add) rather than given at start, so journals.remove can undo it. */
  removable: boolean;
  state: 'waiting' | 'following';
  /** Last position handed to the consumer (or loaded), if any. */
  position: JournalPosition | undefined;
  delivered: number;
  rejected: Record<RejectReason, number>;
  recentRejections: Rejection[];
}

