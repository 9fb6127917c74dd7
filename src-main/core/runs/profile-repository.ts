import type { Database, Statement } from 'better-sqlite3';
import { ApiError } from '../../../src-shared/api/api-error';
import { Profile } from '../../../src-shared/runs/runs-contract';
import type { ProfileKind } from '../../../src-shared/runs/runs-contract';
import { REDACTED, redactSecrets } from '../../../src-shared/redaction/redact-secrets.mjs';

const BUILT_IN: readonly Profile[] = [
  { id: 'claude', name: 'Claude Code', kind: 'claude', builtIn: true, env: {} },
  { id: 'codex', name: 'Codex', kind: 'codex', builtIn: true, env: {} },
  { id: 'demo', name: 'Demo agent (offline)', kind: 'demo', builtIn: true, env: {} },
];

/**
 * Profiles: the three built-ins (whose path, env, model and extra arguments a person may edit) and
 * user-defined command profiles. A built-in is stored only once edited, so a new Orrery's
 * defaults reach everyone who has not changed theirs.
 */
export class ProfileRepository {
  private readonly selectAll: Statement<[], { body: string }>;
  private readonly selectOne: Statement<[string], { body: string }>;
  private readonly upsert: Statement<[string, string, number]>;
  private readonly remove: Statement<[string]>;

  constructor(db: Database) {
    this.selectAll = db.prepare('SELECT body FROM profiles ORDER BY id');
    this.selectOne = db.prepare('SELECT body FROM profiles WHERE id = ?');
    this.upsert = db.prepare('INSERT INTO profiles (id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at');
    this.remove = db.prepare('DELETE FROM profiles WHERE id = ?');
  }

  /** For clients: a value that is secret by its name or by its form is never sent back. */
  listForClients(): Profile[] {
    return this.list().map((profile) => ({ ...profile, env: Object.fromEntries(Object.entries(profile.env).map(([name, value]) => [name, isSecretAssignment(name, value) ? REDACTED : value])) }));
  }

  list(): Profile[] {
    const stored = new Map(this.selectAll.all().map((row) => parse(row.body)).map((profile) => [profile.id, profile]));
    const builtIns = BUILT_IN.map((profile) => stored.get(profile.id) ?? profile);
    const custom = [...stored.values()].filter((profile) => !profile.builtIn);
    return [...builtIns, ...custom];
  }

  get(id: string): Profile {
    const row = this.selectOne.get(id);
    const profile = row ? parse(row.body) : BUILT_IN.find((candidate) => candidate.id === id);
    if (!profile) throw new ApiError('not_found', `There is no profile "${id}". Profiles: ${this.list().map((p) => p.id).join(', ')}`);
    return profile;
  }

  save(profile: Profile): Profile {
    const builtIn = BUILT_IN.find((candidate) => candidate.id === profile.id);
    if (builtIn && profile.kind !== builtIn.kind) {
      throw new ApiError('invalid_argument', `"${profile.id}" is a built-in ${builtIn.kind} profile; its kind cannot change`);
    }
    if (!builtIn && profile.kind !== 'command') {
      throw new ApiError('invalid_argument', `Only command profiles can be added; "${profile.kind}" is one of the built-ins`);
    }
    if (profile.kind === 'command') checkArgvTemplate(profile.argv);
    // A secret shown to the client as the placeholder and sent back unchanged keeps its stored value.
    const previous = this.selectOne.get(profile.id);
    const previousEnv = previous ? parse(previous.body).env : {};
    const env = Object.fromEntries(Object.entries(profile.env).map(([name, value]) => [name, value === REDACTED && previousEnv[name] !== undefined ? previousEnv[name] : value]));
    const saved: Profile = { ...profile, env, builtIn: builtIn !== undefined };
    this.upsert.run(saved.id, JSON.stringify(saved), Date.now());
    return this.listForClients().find((candidate) => candidate.id === saved.id) ?? saved;
  }

  delete(id: string): boolean {
    if (BUILT_IN.some((profile) => profile.id === id)) {
      throw new ApiError('failed_precondition', `"${id}" is a built-in profile and cannot be deleted; edit it instead`);
    }
    return this.remove.run(id).changes > 0;
  }
}

export function isBuiltInKind(kind: ProfileKind): boolean {
  return kind !== 'command';
}

function checkArgvTemplate(argv: readonly string[] | undefined): void {
  if (argv === undefined || argv.length === 0) throw new ApiError('invalid_argument', 'argv: a command profile needs an argv template, e.g. ["my-agent", "--task", "{prompt}"]');
  if (!argv.some((arg) => arg.includes('{prompt}'))) throw new ApiError('invalid_argument', 'argv: the template must contain {prompt} where the prompt goes');
}

/** The transcript's redaction rules decide: `NAME=value` they would redact is a secret. */
function isSecretAssignment(name: string, value: string): boolean {
  const assignment = `${name}=${value}`;
  return redactSecrets(assignment) !== assignment;
}

function parse(body: string): Profile {
  return Profile.parse(JSON.parse(body));
}
