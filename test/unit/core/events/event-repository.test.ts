import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { ev } from '../../../support/event-builders';
import { applyMigrations } from '../../../../src-main/core/store/migrations';

describe('EventRepository', () => {
  let db: Database.Database;
  let repository: EventRepository;

  beforeEach(() => {
    db = new Database(':memory:');
    applyMigrations(db);
    repository = new EventRepository(db);
  });
  afterEach(() => db.close());

  it('stores the columns and the full normalised body, unknown fields included', () => {
    repository.insertBatch([ev('tool_use', { ts: '2025-06-01T12:00:00Z', parent_id: 'p', session_id: 's', cwd: '/x' })]);
    const row = db.prepare('SELECT * FROM events').get() as Record<string, unknown>;
    expect(row).toMatchObject({ id: 1, ts: 1_748_779_200_000, type: 'tool_use', agent_id: 'a1', parent_id: 'p', session_id: 's', source: 'demo' });
    expect(JSON.parse(row.body as string)).toMatchObject({ ts: 1_748_779_200_000, cwd: '/x', tool: 'Bash' });
  });

  it('returns an agent’s most recent events, oldest first', () => {
    const events = Array.from({ length: 5 }, (_, i) => ev('log', { message: `m${i}` }));
    repository.insertBatch([...events, ev('log', { agent_id: 'other' })]);
    const recent = repository.recentForAgent('a1', 3);
    expect(recent.map((e) => (e.type === 'log' ? e.message : ''))).toEqual(['m2', 'm3', 'm4']);
    expect(repository.recentForAgent('nobody', 3)).toEqual([]);
  });

  it('rolls back with an enclosing transaction', () => {
    const failing = db.transaction(() => {
      repository.insertBatch([ev('log'), ev('log')]);
      throw new Error('crash before commit');
    });
    expect(failing).toThrow('crash before commit');
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
  });
});
