import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowCatalog } from '../../../../src-main/core/workflows/workflow-catalog';
import { loadSyntaxCheck } from '../../../../src-main/core/workflows/workflow-syntax-check';

let dir: string;
let project: string;
let catalog: WorkflowCatalog;
const places = () => ({
  'project-claude': join(project, '.claude', 'workflows'),
  'project-orrery': join(project, '.orrery', 'workflows'),
  'user-claude': join(dir, 'home', '.claude', 'workflows'),
  'orrery-data': join(dir, 'data', 'workflows'),
  'built-in': join(dir, 'built-in'),
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orrery-catalog-'));
  project = join(dir, 'project');
  for (const place of Object.values(places())) mkdirSync(place, { recursive: true });
  catalog = new WorkflowCatalog({ homeDir: join(dir, 'home'), dataDir: join(dir, 'data'), builtInDir: join(dir, 'built-in') }, loadSyntaxCheck);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(place: keyof ReturnType<typeof places>, file: string, name: string, body = 'return 1;'): string {
  const path = join(places()[place], file);
  writeFileSync(path, `export const meta = { name: '${name}', description: '${name} from ${place}' };\n${body}\n`);
  return path;
}

describe('listing', () => {
  it('lists every place, nearest first; the nearer file of a name wins and the list says which', async () => {
    const winner = put('project-claude', 'review.js', 'review');
    put('project-orrery', 'review.js', 'review');
    put('user-claude', 'mine.js', 'mine');
    put('orrery-data', 'other.js', 'review');
    put('built-in', 'review-changes.js', 'review');
    const entries = await catalog.list(project);
    expect(entries.map((entry) => [entry.name, entry.sourceKind, entry.shadowedBy?.path])).toEqual([
      ['review', 'project-claude', undefined],
      ['review', 'project-orrery', winner],
      ['mine', 'user-claude', undefined],
      ['review', 'orrery-data', winner],
      ['review', 'built-in', winner],
    ]);
    expect((await catalog.resolve('review', project)).path).toBe(winner);
  });

  it('lists a broken file with its file, line and reason, under its file name, instead of hiding it', async () => {
    writeFileSync(join(places()['project-claude'], 'no-meta.js'), 'return 1;\n');
    put('project-claude', 'bad-body.js', 'bad-body', "const x = 1;\nawait agent('a'");
    writeFileSync(join(places()['project-claude'], 'notes.txt'), 'not a workflow');
    mkdirSync(join(places()['project-claude'], 'folder.js'));
    const entries = await catalog.list(project);
    expect(entries).toEqual([
      {
        name: 'bad-body',
        phases: [],
        path: join(places()['project-claude'], 'bad-body.js'),
        sourceKind: 'project-claude',
        error: { file: join(places()['project-claude'], 'bad-body.js'), line: 3, reason: "SyntaxError: expecting ','" },
      },
      {
        name: 'no-meta',
        phases: [],
        path: join(places()['project-claude'], 'no-meta.js'),
        sourceKind: 'project-claude',
        error: { file: join(places()['project-claude'], 'no-meta.js'), line: 1, reason: 'the first statement must be `export const meta = { name, description, … }`' },
      },
    ]);
  });

  it('does not list a folder twice when the project is the home directory', async () => {
    catalog = new WorkflowCatalog({ homeDir: project, dataDir: join(dir, 'data'), builtInDir: join(dir, 'built-in') }, loadSyntaxCheck);
    put('project-claude', 'one.js', 'one');
    expect((await catalog.list(project)).map((entry) => [entry.name, entry.sourceKind])).toEqual([['one', 'project-claude']]);
  });
});

describe('resolving', () => {
  it('finds a workflow by name, by file name, or by path (relative to the working directory)', async () => {
    const byName = put('built-in', 'deep.js', 'deep-research');
    expect((await catalog.resolve('deep-research', project)).path).toBe(byName);
    expect((await catalog.resolve('deep', project)).path).toBe(byName);
    mkdirSync(join(project, 'scripts'));
    writeFileSync(join(project, 'scripts', 'local.js'), "export const meta = { name: 'local', description: 'd' };\nreturn 2;\n");
    expect(await catalog.resolve('scripts/local.js', project)).toMatchObject({ path: join(project, 'scripts', 'local.js'), sourceKind: 'path', meta: { name: 'local' } });
    expect((await catalog.resolve(byName, project)).sourceKind).toBe('built-in');
  });

  it('says where it looked, and what there is, when nothing has the name', async () => {
    put('user-claude', 'a.js', 'alpha');
    await expect(catalog.resolve('beta', project)).rejects.toThrow(`There is no workflow named "beta" (looked in ${Object.values(places()).join(', ')}; there are: alpha)`);
    await expect(catalog.resolve('./missing.js', project)).rejects.toThrow(`There is no workflow file at ${join(project, 'missing.js')}`);
  });
});
