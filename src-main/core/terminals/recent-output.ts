/** Coalescing bound on the chunk list, so a trickle of one-char batches stays cheap to trim. */
const MAX_CHUNKS = 1024;
/** How far past the cut we look for a line start, so a replay rarely opens mid-sequence. */
const LINE_START_SEARCH = 4096;

/**
 * The last stretch of raw output, escapes included, so a view that re-attaches can replay it
 * into a fresh xterm and get colours and layout back. Counted in chars (UTF-16 code units).
 */
export class RecentOutput {
  private readonly maxChars: number;
  private chunks: string[] = [];
  private chars = 0;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  push(data: string): void {
    this.chunks.push(data);
    this.chars += data.length;
    if (this.chars > this.maxChars) this.trim();
    if (this.chunks.length > MAX_CHUNKS) this.chunks = [this.chunks.join('')];
  }

  snapshot(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  private trim(): void {
    let drop = 0;
    while (this.chars - (this.chunks[drop] as string).length >= this.maxChars) this.chars -= (this.chunks[drop++] as string).length;
    if (drop > 0) this.chunks = this.chunks.slice(drop);
    const head = this.chunks[0] as string;
    let cut = this.chars - this.maxChars;
    if (cut === 0) return;
    const newline = head.indexOf('\n', cut);
    if (newline >= 0 && newline - cut < LINE_START_SEARCH) cut = newline + 1;
    this.chunks[0] = head.slice(cut);
    this.chars -= cut;
  }
}
