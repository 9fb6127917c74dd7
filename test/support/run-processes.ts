import { readdirSync, readFileSync } from 'node:fs';

/**
 * The live processes (zombies excluded) that inherited this ORRERY_RUN_ID: a run's CLI and
 * everything it started, wherever in the process table they ended up. Read from /proc, so a test
 * sees what is really left, not what Orrery believes.
 */
export function processesOfRun(runId: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
        return state !== 'Z' && readFileSync(`/proc/${name}/environ`, 'utf8').includes(`ORRERY_RUN_ID=${runId}\0`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
