import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** Every way a module names another: static imports and re-exports, side-effect imports, import(), require(). */
const SPECIFIERS = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry) ? [path] : [];
  });
}

function specifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIERS)].map((match) => match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
}

interface Import {
  /** The importing file, relative to the repository root. */
  from: string;
  specifier: string;
  /** Where a relative specifier points, relative to the repository root; undefined for packages. */
  target: string | undefined;
}

function importsOf(dir: string): Import[] {
  return sourceFiles(join(ROOT, dir)).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).map((specifier) => ({
      from: relative(ROOT, file),
      specifier,
      target: specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)) : undefined,
    })),
  );
}

const within = (path: string | undefined, ...areas: string[]): boolean => path !== undefined && areas.some((area) => path === area || path.startsWith(`${area}${sep}`));
const show = (found: Import[]): string[] => found.map(({ from, specifier }) => `${from} imports ${specifier}`);
const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
const isElectron = (specifier: string): boolean => specifier === 'electron' || specifier.startsWith('electron/');

/**
 * Renderer folders import only downward: a folder may import the ones of a lower rank, never its
 * peers or those above. A new folder has to be placed here before it can be imported.
 */
const RENDERER_RANKS: Record<string, number> = {
  api: 0,
  state: 1,
  agents: 2,
  terminals: 2,
  runs: 3,
  paperclip: 3,
  search: 3,
  graph: 3,
  history: 3,
  notifications: 3,
  workflows: 3,
  controls: 4,
  shell: 5,
};
const RENDERER = 'src-renderer/src';
/** The composition root (main.tsx) sits above every folder. */
const rendererFolder = (path: string): string | undefined => {
  const rest = relative(RENDERER, path).split(sep);
  return rest.length > 1 ? rest[0] : undefined;
};

describe('layering', () => {
  it('finds every way of naming a module', () => {
    const text = [
      `import { app } from 'electron';`,
      `import type { X } from "./x";`,
      `export { y } from '../y';`,
      `import './side-effect';`,
      `const e = require("node:fs");`,
      `await import('../lazy');`,
      `// electron is mentioned in a comment`,
      `import { z } from 'electron-vite';`,
    ].join('\n');
    expect(specifiers(text)).toEqual(['electron', './x', '../y', './side-effect', 'node:fs', '../lazy', 'electron-vite']);
    expect(isElectron('electron/main')).toBe(true);
    expect(isElectron('electron-vite')).toBe(false);
  });

  it('keeps the core transport-free: no electron, and no electron, headless, cli or renderer code', () => {
    const found = importsOf('src-main/core').filter(
      ({ specifier, target }) => isElectron(specifier) || within(target, 'src-main/electron', 'src-main/headless', 'src-main/cli', 'src-main/launcher', 'src-renderer', 'src-preload'),
    );
    expect(show(found)).toEqual([]);
  });

  it('keeps the shared layer at the bottom: zod and itself only, no Node built-in', () => {
    const found = importsOf('src-shared').filter(({ specifier, target }) => (target === undefined ? specifier !== 'zod' || isNodeBuiltin(specifier) : !within(target, 'src-shared')));
    expect(show(found)).toEqual([]);
  });

  it('typechecks the shared layer without Node or DOM types, so neither can creep in', () => {
    const configPath = join(ROOT, 'tsconfig.shared.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
    if (!parsed) throw new Error('tsconfig.shared.json could not be read');
    expect(parsed.options.types).toEqual([]);
    expect((parsed.options.lib ?? []).filter((lib) => /dom|webworker/i.test(lib))).toEqual([]);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  it('keeps the renderer off src-main, the preload, Node built-ins and electron', () => {
    const found = importsOf(RENDERER).filter(({ specifier, target }) => isElectron(specifier) || isNodeBuiltin(specifier) || within(target, 'src-main', 'src-preload'));
    expect(show(found)).toEqual([]);
  });

  it('keeps renderer folders importing only downward (no cycles such as state <-> agents)', () => {
    const folders = readdirSync(join(ROOT, RENDERER)).filter((entry) => statSync(join(ROOT, RENDERER, entry)).isDirectory());
    expect(folders.filter((folder) => RENDERER_RANKS[folder] === undefined)).toEqual([]);
    const found = importsOf(RENDERER).filter(({ from, target }) => {
      if (!within(target, RENDERER)) return false;
      const source = rendererFolder(from);
      const destination = rendererFolder(target as string);
      if (source === undefined || destination === undefined || source === destination) return false;
      return (RENDERER_RANKS[destination] ?? Infinity) >= (RENDERER_RANKS[source] ?? -Infinity);
    });
    expect(show(found)).toEqual([]);
  });

  it('keeps main-process code and the preload off the renderer', () => {
    const found = [...importsOf('src-main'), ...importsOf('src-preload')].filter(({ target }) => within(target, 'src-renderer'));
    expect(show(found)).toEqual([]);
  });
});
