import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/**
 * Every package a module can load, following relative imports; type-only imports are skipped
 * because they vanish when bundled.
 */
function reachablePackages(entry: string): { packages: Set<string>; files: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (/^(?:import|export)\s+type\s/.test(match[0].trim())) continue;
      const specifier = (match[1] ?? match[2] ?? match[3]) as string;
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const base = resolve(dirname(file), specifier);
      const target = [base, `${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate) && !candidate.endsWith('/'));
      if (target === undefined) throw new Error(`cannot resolve ${specifier} from ${relative(ROOT, file)}`);
      visit(target);
    }
  };
  visit(join(ROOT, entry));
  return { packages, files };
}

describe('what the orrery CLI and the hook load', () => {
  it('the CLI loads node built-ins, zod and ws only: never better-sqlite3, node-pty or electron (it runs on plain Node 20)', () => {
    const { packages, files } = reachablePackages('src-main/cli/main.ts');
    // ws (plain JavaScript) is how `orrery run | ls | stop …` reach the running Orrery.
    expect([...packages].filter((name) => !name.startsWith('node:')).sort()).toEqual(['ws', 'zod']);
    expect([...files].map((file) => relative(ROOT, file))).toContain('resources/hooks/journal-file.mjs');
  });

  it('the hook loads node built-ins only', () => {
    const { packages } = reachablePackages('resources/hooks/orrery-claude-hook.mjs');
    expect([...packages].every((name) => name.startsWith('node:'))).toBe(true);
  });

  it('the demo fleet loads nothing at all', () => {
    expect(reachablePackages('resources/demo/demo-fleet.mjs').packages.size).toBe(0);
  });
});
