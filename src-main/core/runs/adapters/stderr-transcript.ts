import { stderrLines } from './transcript-format';

/**
 * stderr comes in chunks that split lines anywhere; each line is marked once it is whole, and
 * whatever is left is marked when the process is gone.
 */
export class StderrTranscript {
  private pending = '';

  write(text: string): string {
    const all = this.pending + text;
    const end = all.lastIndexOf('\n');
    if (end < 0) {
      this.pending = all;
      return '';
    }
    this.pending = all.slice(end + 1);
    return stderrLines(all.slice(0, end + 1));
  }

  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? '' : stderrLines(rest);
  }
}
