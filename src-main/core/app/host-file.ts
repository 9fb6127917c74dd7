import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a running Orrery can be reached, for the `orrery` CLI in any terminal. */
export interface HostAddress {
  /** ws://127.0.0.1:<port>/api */
  url: string;
  token: string;
  pid: number;
  runtime: 'electron' | 'headless';
}

export function hostFilePath(home: string): string {
  return join(home, 'host.json');
}

/** Written readable by the user only (it holds the token), and atomically: a reader never sees half. */
export function writeHostFile(home: string, address: HostAddress): void {
  const file = hostFilePath(home);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(address)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

/** Removed at stop, but only if it is still ours (another Orrery may have started since). */
export function removeHostFile(home: string, pid: number = process.pid): void {
  if (readHostFile(home)?.pid === pid) rmSync(hostFilePath(home), { force: true });
}

export function readHostFile(home: string): HostAddress | undefined {
  try {
    const value = JSON.parse(readFileSync(hostFilePath(home), 'utf8')) as Partial<HostAddress>;
    if (typeof value.url !== 'string' || typeof value.token !== 'string' || typeof value.pid !== 'number') return undefined;
    return value as HostAddress;
  } catch {
    return undefined;
  }
}
