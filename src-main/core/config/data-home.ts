import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Orrery keeps its database and default journal. */
export interface DataPaths {
  home: string;
  databaseFile: string;
  defaultJournal: string;
}

/**
 * Resolution order: an explicit `--home` wins over `ORRERY_HOME`, which wins over `~/.orrery`,
 * so a script can always point one run somewhere else without touching the environment.
 */
export function resolveDataPaths(explicitHome: string | undefined, env: NodeJS.ProcessEnv = process.env): DataPaths {
  const home = resolve(explicitHome ?? env.ORRERY_HOME ?? join(homedir(), '.orrery'));
  return {
    home,
    databaseFile: join(home, 'orrery.db'),
    defaultJournal: join(home, 'events.jsonl'),
  };
}
