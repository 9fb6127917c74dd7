import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { openStore } from '../../../../src-main/core/store/database';
import { WorkflowEngine } from '../../../../src-main/core/workflows/workflow-engine';
import { PositionalCache, ReplayOrder } from '../../../../src-main/core/workflows/positional-cache';
import type { WorkflowCallRecord } from '../../../../src-main/core/workflows/workflow-journal';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { LiveState } from '../../../../src-shared/events/live-state';
import { BUILT_IN_WORKFLOWS, createHarness, FakePort, heldAnswers, workflowSource } from './engine-harness';
import type { Harness } from './engine-harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const call = (position: number, hash: string, state: WorkflowCallRecord['state'] = 'done', deliverySeq?: number): WorkflowCallRecord => ({
  position,
  hash,
  prompt: `p${position}`,
  optionsJson: '{}',
  state,
  cached: false,
  tokensOut: 1,
  attempts: 1,
  ...(state === 'done' && { resultJson: JSON.stringify(`r${position}`) }),
  ...(deliverySeq !== undefined && { deliverySeq }),
});

describe('the positional cache', () => {
  it('serves the unchanged prefix and nothing after the first difference', () => {
    const cache = new PositionalCache([call(0, 'a'), call(1, 'b'), call(2, 'c'), call(3, 'd')]);
    expect(cache.take(0, 'a')?.position).toBe(0);
    expect(cache.take(1, 'b')?.position).toBe(1);
    expect(cache.take(2, 'edited')).toBeUndefined();
    expect(cache.take(3, 'd')).toBeUndefined();
    expect(cache.breakPosition).toBe(2);
  });

  it('does not serve a call that failed or never finished', () => {
    expect(new PositionalCache([call(0, 'a', 'failed')]).take(0, 'a')).toBeUndefined();
    expect(new PositionalCache([call(0, 'a', 'interrupted')]).take(0, 'a')).toBeUndefined();
    expect(new PositionalCache([]).take(0, 'a')).toBeUndefined();
  });

  it('hands results over in the order the recorded run received them, undelivered ones last', () => {
    const order = new ReplayOrder<number>();
    for (const recorded of [call(0, 'a', 'done', 2), call(1, 'b', 'done', 0), call(2, 'c'), call(3, 'd', 'done', 1)]) order.add(recorded, recorded.position);
    expect([order.next(), order.next(), order.next(), order.next(), order.next()]).toEqual([1, 3, 0, 2, undefined]);
  });
});

describe('the journal across a crash', () => {
  it('a run the previous Orrery left running is interrupted at the next start, its unfinished calls too, and resumes from the journal', async () => {
    const held = heldAnswers();
    let answered = 0;
    h = createHarness({ port: new FakePort((c, signal) => (answered++ === 0 ? { outcome: 'success', text: 'first', tokensOut: 4, runId: '' } : held.answer(c, signal))) });
    h.write('flow', workflowSource(`return [await agent('one'), await agent('two')];`));
    const started = await h.engine.start({ nameOrPath: 'test-flow' });
    while (held.held() === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    // A second process opens the same database while the first never got to shut down.
    const store = openStore(join(h.dir, 'data', 'orrery.db'));
    const events: OrreryEvent[] = [];
    const ingest = createEventIngest({ db: store.db, repository: new EventRepository(store.db), offsets: new SqliteOffsetStore(store.db), liveState: new LiveState() });
    ingest.onIngested((batch) => events.push(...batch));
    const port = new FakePort();
    const next = new WorkflowEngine({
      db: store.db,
      emit: (batch, alongside) => ingest.ingestEvents(batch, alongside),
      port,
      locations: { homeDir: join(h.dir, 'home'), dataDir: join(h.dir, 'data'), builtInDir: BUILT_IN_WORKFLOWS },
      defaultCwd: h.project,
    });
    try {
      expect(next.get(started.id)).toMatchObject({ state: 'done', outcome: 'interrupted', error: { message: 'Orrery stopped while the workflow ran; resume it to go on' } });
      expect(next.get(started.id).agents.map((agent) => agent.state)).toEqual(['done', 'interrupted']);
      expect(events).toMatchObject([{ type: 'agent_done', agent_id: `wf-${started.id}`, outcome: 'interrupted', details: { cached: '0 / 2' } }]);
      await h.engine.cancel(started.id);
      await next.resume(started.id);
      const detail = await next.settled(started.id);
      expect(port.prompts()).toEqual(['two']);
      expect(detail).toMatchObject({ outcome: 'success', result: ['first', 'answer to two'], cachedCount: 1, totalCalls: 2, spentTokens: 14 });
    } finally {
      await next.dispose();
      store.db.close();
    }
  });
});
