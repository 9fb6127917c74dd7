/** The parts of xterm's IBuffer the locator reads; a plain model in tests. */
export interface BufferLike {
  readonly length: number;
  getLine(row: number): BufferLineLike | undefined;
}

export interface BufferLineLike {
  /** This row continues the previous one (soft wrap). */
  readonly isWrapped: boolean;
  translateToString(trimRight?: boolean): string;
}

/** One logical line: the rows an auto-wrapped line spans, joined back together. */
export interface LogicalLine {
  text: string;
  firstRow: number;
  lastRow: number;
}

/** What the search hit says about the line to find. */
export interface LineTarget {
  text: string;
  before: readonly string[];
  after: readonly string[];
  /**
   * How many later lines of the same terminal carry the same text in the search result, when the
   * result is known to include all of them (0 = the newest occurrence); undefined when unknown.
   */
  sameTextAfter: number | undefined;
}

/**
 * The xterm's buffer as logical lines, the way the host's scrollback numbers them: rows joined
 * across soft wraps, trailing blanks dropped. Trailing empty rows (the unused screen below the
 * prompt) are left out.
 */
export function logicalLines(buffer: BufferLike): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  let parts: string[] = [];
  const close = (): void => {
    if (!current) return;
    current.text = trimEnd(parts.join(''));
    lines.push(current);
  };
  for (let row = 0; row < buffer.length; row++) {
    const line = buffer.getLine(row);
    if (!line) continue;
    if (line.isWrapped && current) {
      // The earlier rows of a wrapped line are full width: their trailing blanks are real text.
      parts[parts.length - 1] = (buffer.getLine(row - 1) ?? line).translateToString(false);
      parts.push(line.translateToString(true));
      current.lastRow = row;
      continue;
    }
    close();
    current = { text: '', firstRow: row, lastRow: row };
    parts = [line.translateToString(true)];
  }
  close();
  while (lines.length > 0 && (lines[lines.length - 1] as LogicalLine).text === '') lines.pop();
  return lines;
}

/**
 * Finds a search hit's line among the pane's logical lines. Hit numbers count lines of the host's
 * scrollback, which reaches further back than the pane, so the line is found by its text; among
 * equal lines the best match of the surrounding context wins, and ties go to the occurrence whose
 * position from the end agrees with the search result. Undefined when the pane no longer holds it.
 */
export function locateLine(lines: readonly LogicalLine[], target: LineTarget): LogicalLine | undefined {
  const text = trimEnd(target.text);
  const candidates: number[] = [];
  for (let i = 0; i < lines.length; i++) if ((lines[i] as LogicalLine).text === text) candidates.push(i);
  if (candidates.length === 0) return undefined;

  let expected = candidates.length - 1;
  if (target.sameTextAfter !== undefined) {
    expected = candidates.length - 1 - target.sameTextAfter;
    // More equal lines came after it than the pane holds in all: it scrolled out of the pane.
    if (expected < 0) return undefined;
  }
  let best = -1;
  let bestScore = -1;
  let bestDistance = Infinity;
  candidates.forEach((index, rank) => {
    const score = contextScore(lines, index, target);
    const distance = Math.abs(rank - expected);
    if (score > bestScore || (score === bestScore && distance < bestDistance)) {
      best = index;
      bestScore = score;
      bestDistance = distance;
    }
  });
  return lines[best];
}

/** How many of the hit's context lines, counted outwards from the hit, agree with the pane's. */
function contextScore(lines: readonly LogicalLine[], index: number, target: LineTarget): number {
  let score = 0;
  for (let k = 1; k <= target.before.length; k++) {
    const line = lines[index - k];
    if (!line || line.text !== trimEnd(target.before[target.before.length - k] as string)) break;
    score++;
  }
  for (let k = 1; k <= target.after.length; k++) {
    const line = lines[index + k];
    if (!line || line.text !== trimEnd(target.after[k - 1] as string)) break;
    score++;
  }
  return score;
}

function trimEnd(text: string): string {
  return text.replace(/ +$/, '');
}
