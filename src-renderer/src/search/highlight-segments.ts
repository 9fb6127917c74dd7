export interface TextSegment {
  text: string;
  match: boolean;
}

/**
 * Cuts a line into plain and matched runs from the host's [start, end) match offsets. Offsets are
 * clamped to the text, sorted, and overlapping or touching ranges merged, so a sloppy or
 * zero-width match can never duplicate or drop characters.
 */
export function highlightSegments(text: string, matches: readonly (readonly [number, number])[]): TextSegment[] {
  const ranges = matches
    .map(([start, end]) => [clamp(start, text.length), clamp(end, text.length)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const segments: TextSegment[] = [];
  let at = 0;
  let open: [number, number] | undefined;
  const emitOpen = (): void => {
    if (!open) return;
    if (open[0] > at) segments.push({ text: text.slice(at, open[0]), match: false });
    segments.push({ text: text.slice(open[0], open[1]), match: true });
    at = open[1];
    open = undefined;
  };
  for (const [start, end] of ranges) {
    if (open && start <= open[1]) {
      open[1] = Math.max(open[1], end);
      continue;
    }
    emitOpen();
    open = [start, end];
  }
  emitOpen();
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), match: false });
  return segments;
}

function clamp(value: number, length: number): number {
  return Math.min(Math.max(0, Math.trunc(value)), length);
}
