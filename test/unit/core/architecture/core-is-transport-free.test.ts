import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../../..');
const ELECTRON_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]electron(?:\/[^'"]*)?['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry) ? [path] : [];
  });
}

function filesImporting(dir: string, pattern: RegExp): string[] {
  return sourceFiles(dir)
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
}

describe('layering', () => {
  it('recognises every way of importing electron', () => {
    for (const line of [`import { app } from 'electron'`, `import 'electron'`, `const e = require("electron")`, `await import('electron')`, `import type { WebContents } from 'electron/main'`]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(true);
    }
    for (const line of [`import { x } from 'electron-vite'`, `// electron is not used here`, `import { y } from './electron-free'`]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(false);
    }
  });

  it('keeps src-main/core free of electron', () => {
    expect(filesImporting(join(ROOT, 'src-main/core'), ELECTRON_IMPORT)).toEqual([]);
  });

  it('keeps the renderer off Node built-ins and electron', () => {
    const nodeOrElectron = /from\s+['"](?:node:[^'"]+|electron|fs|child_process|path|os)['"]/;
    expect(filesImporting(join(ROOT, 'src-renderer/src'), nodeOrElectron)).toEqual([]);
  });
});
