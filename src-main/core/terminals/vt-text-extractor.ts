/**
 * Turns raw PTY output into the plain text lines a person saw, for search. It is a tiny
 * line-at-a-time terminal: escape sequences are parsed (and dropped) by a streaming state
 * machine, so a sequence split across chunks is still recognised; `\r`, backspace and the few
 * cursor/erase sequences progress bars and line editors use move a cursor over the current line,
 * so a rewritten line keeps only what ended up on screen. Sequences that move between rows
 * (full-screen apps) are ignored: committed lines are never rewritten.
 */

const GROUND = 0;
const ESCAPE = 1;
const ESCAPE_INTERMEDIATE = 2;
const CSI_PARAM = 3;
const CSI_IGNORE = 4;
/** OSC, DCS, SOS, PM and APC payloads: skipped until BEL, ST, or an aborting control. */
const CONTROL_STRING = 5;

const BEL = 0x07;
const BS = 0x08;
const HT = 0x09;
const LF = 0x0a;
const VT = 0x0b;
const FF = 0x0c;
const CR = 0x0d;
const CAN = 0x18;
const SUB = 0x1a;
const ESC = 0x1b;
const SPACE = 0x20;
const DEL = 0x7f;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
const C1_OSC = 0x9d;

const TAB_WIDTH = 8;
/** Larger CSI parameters are nonsense for the sequences we interpret; clamping keeps them finite. */
const MAX_CSI_PARAM = 1_000_000;

export class VtTextExtractor {
  private readonly maxLineChars: number;
  private readonly onLine: (line: string) => void;
  private line = '';
  private cursor = 0;
  private state = GROUND;
  /** First CSI parameter; the only one the interpreted sequences use. */
  private csiParam = 0;
  private csiParamDone = false;

  /**
   * @param maxLineChars a longer line is cut and committed in pieces, like a terminal wraps, so
   *   one endless line can neither grow without bound nor make overwrites quadratic.
   * @param onLine receives each finished line, trailing blanks removed.
   */
  constructor(maxLineChars: number, onLine: (line: string) => void) {
    this.maxLineChars = maxLineChars;
    this.onLine = onLine;
  }

  /** The unfinished last line as it currently reads. */
  get currentLine(): string {
    return trimTrailingSpaces(this.line);
  }

  feed(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.state === GROUND) {
        let j = i;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c < SPACE || (c >= DEL && c < 0xa0)) break;
          j++;
        }
        if (j > i) this.print(j - i === n ? chunk : chunk.slice(i, j));
        if (j < n) this.execute(chunk.charCodeAt(j));
        i = j + 1;
        continue;
      }
      if (this.state === CONTROL_STRING) {
        while (i < n) {
          const c = chunk.charCodeAt(i);
          if (c === BEL || c === ESC || c === C1_ST || c === CAN || c === SUB) break;
          i++;
        }
        if (i < n) {
          // ESC ends the string too (it starts ST, `ESC \`, whose `\` the escape state swallows).
          this.state = chunk.charCodeAt(i) === ESC ? ESCAPE : GROUND;
          i++;
        }
        continue;
      }
      this.escapeByte(chunk.charCodeAt(i++));
    }
  }

  private escapeByte(c: number): void {
    if (c === ESC) {
      this.state = ESCAPE;
      return;
    }
    if (c === CAN || c === SUB) {
      this.state = GROUND;
      return;
    }
    if (c < SPACE) {
      // VT parsers execute C0 controls met inside a sequence without leaving it.
      this.execute(c);
      return;
    }
    switch (this.state) {
      case ESCAPE:
        if (c === 0x5b /* [ */) {
          this.startCsi();
        } else if (c === 0x5d /* ] */ || c === 0x50 /* P */ || c === 0x58 /* X */ || c === 0x5e /* ^ */ || c === 0x5f /* _ */) {
          this.state = CONTROL_STRING;
        } else if (c >= SPACE && c <= 0x2f) {
          this.state = ESCAPE_INTERMEDIATE;
        } else {
          // NEL and IND move to the next line; every other final byte is invisible.
          if (c === 0x45 /* E */ || c === 0x44 /* D */) this.commit();
          this.state = GROUND;
        }
        return;
      case ESCAPE_INTERMEDIATE:
        if (c > 0x2f) this.state = GROUND;
        return;
      case CSI_PARAM:
        if (c >= 0x30 && c <= 0x3f) {
          // Private markers (`?`, `>`, `=`, `<`) make it a mode or query we never act on.
          if (c >= 0x3c) this.state = CSI_IGNORE;
          else if (c <= 0x39) {
            if (!this.csiParamDone) this.csiParam = Math.min(this.csiParam * 10 + (c - 0x30), MAX_CSI_PARAM);
          } else this.csiParamDone = true;
          return;
        }
        if (c <= 0x2f) {
          this.state = CSI_IGNORE;
          return;
        }
        this.state = GROUND;
        if (c <= 0x7e) this.csiDispatch(c);
        return;
      case CSI_IGNORE:
        if (c >= 0x40) this.state = GROUND;
        return;
    }
  }

  private execute(c: number): void {
    switch (c) {
      case LF:
      case VT:
      case FF:
        this.commit();
        return;
      case CR:
        this.cursor = 0;
        return;
      case BS:
        if (this.cursor > 0) this.cursor--;
        return;
      case HT:
        this.cursor = Math.min(this.maxLineChars, (Math.floor(this.cursor / TAB_WIDTH) + 1) * TAB_WIDTH);
        return;
      case ESC:
        this.state = ESCAPE;
        return;
      case C1_CSI:
        this.startCsi();
        return;
      case C1_OSC:
      case 0x90: // DCS
      case 0x98: // SOS
      case 0x9e: // PM
      case 0x9f: // APC
        this.state = CONTROL_STRING;
        return;
      default:
      // BEL, NUL, shift-in/out, DEL and the remaining C1 codes leave no trace on screen.
    }
  }

  /** Acts on the few sequences that change the current line's text or the cursor within it. */
  private csiDispatch(final: number): void {
    const n = this.csiParam;
    switch (final) {
      case 0x4b /* K: erase in line */:
        if (n === 0) {
          if (this.cursor < this.line.length) this.line = this.line.slice(0, this.cursor);
        } else if (n === 1) {
          const end = Math.min(this.cursor + 1, this.line.length);
          this.line = ' '.repeat(end) + this.line.slice(end);
        } else if (n === 2) {
          this.line = '';
        }
        return;
      case 0x47 /* G: cursor to column */:
      case 0x60 /* `: same, as HPA */:
        this.moveCursor(Math.max(n, 1) - 1);
        return;
      case 0x43 /* C: cursor forward */:
        this.moveCursor(this.cursor + Math.max(n, 1));
        return;
      case 0x44 /* D: cursor back */:
        this.moveCursor(this.cursor - Math.max(n, 1));
        return;
      case 0x50 /* P: delete characters */:
        if (this.cursor < this.line.length) {
          this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + Math.max(n, 1));
        }
        return;
      case 0x40 /* @: insert blanks */:
        if (this.cursor < this.line.length) {
          const count = Math.min(Math.max(n, 1), this.maxLineChars);
          this.line = this.line.slice(0, this.cursor) + ' '.repeat(count) + this.line.slice(this.cursor);
          this.wrapOverlong();
        }
        return;
      case 0x58 /* X: erase characters */:
        if (this.cursor < this.line.length) {
          const end = Math.min(this.cursor + Math.max(n, 1), this.line.length);
          this.line = this.line.slice(0, this.cursor) + ' '.repeat(end - this.cursor) + this.line.slice(end);
        }
        return;
    }
  }

  private startCsi(): void {
    this.csiParam = 0;
    this.csiParamDone = false;
    this.state = CSI_PARAM;
  }

  private moveCursor(column: number): void {
    this.cursor = Math.min(Math.max(column, 0), this.maxLineChars);
  }

  private print(text: string): void {
    const line = this.line;
    const cursor = this.cursor;
    if (cursor === line.length) {
      this.line = line + text;
    } else if (cursor > line.length) {
      this.line = line + ' '.repeat(cursor - line.length) + text;
    } else {
      this.line = line.slice(0, cursor) + text + line.slice(cursor + text.length);
    }
    this.cursor = cursor + text.length;
    if (this.line.length > this.maxLineChars) this.wrapOverlong();
  }

  private wrapOverlong(): void {
    while (this.line.length > this.maxLineChars) {
      this.onLine(this.line.slice(0, this.maxLineChars));
      this.line = this.line.slice(this.maxLineChars);
      this.cursor = Math.max(0, this.cursor - this.maxLineChars);
    }
  }

  private commit(): void {
    const line = trimTrailingSpaces(this.line);
    this.line = '';
    this.cursor = 0;
    this.onLine(line);
  }
}

function trimTrailingSpaces(line: string): string {
  return line.charCodeAt(line.length - 1) === SPACE ? line.trimEnd() : line;
}
