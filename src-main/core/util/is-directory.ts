import { statSync } from 'node:fs';

/** A directory one could start a program in; false for a missing path or anything else. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
