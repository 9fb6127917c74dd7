import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { openStore } from '../../../../src-main/core/store/database';
import { WorkflowEngine } from '../../../../src-main/core/workflows/workflow-engine';
import { replayablePrefix } from '../../../../src-main/core/workflows/positional-cache';
import type { WorkflowCallRecord } from '../../../../src-main/core/workflows/workflow-journal';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { LiveState } from '../../../../src-shared/events/live-state';
import { BUILT_IN_WORKFLOWS, createHarness, FakePort, heldAnswers, workflowSource } from './engine-harness';
import type { Harness } from './engine-harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const call = (position: number, state: WorkflowCallRecord['state'] = 'done', deliverySeq?: number): WorkflowCallRecord => ({
  position,
  hash: `h${position}`,
  payload: `{"prompt":"p${position}","options":{}}`,
  prompt: `p${position}`,
  optionsJson: '{}',
  state,
  cached: false,
  tokensOut: 1,
  attempts: 1,
  ...(state === 'done' && { resultJson: JSON.stringify(`r${position}`) }),
  ...(deliverySeq !== undefined && { deliverySeq }),
});

describe('what a resume may replay', () => {
  it('is the unbroken prefix of finished calls: the first that failed or never finished ends it', () => {
    expect(replayablePrefix([call(0), call(1), call(2, 'failed'), call(3)]).map((entry) => entry.position)).toEqual([0, 1]);
    expect(replayablePrefix([call(1), call(0), call(2, 'interrupted')]).map((entry) => entry.position)).toEqual([0, 1]);
    expect(replayablePrefix([call(1), call(2)])).toEqual([]);
  });

  it('ranks results in the order the recorded attempt handed them over, undelivered ones last', () => {
    const entries = replayablePrefix([call(0, 'done', 2), call(1, 'done', 0), call(2, 'done'), call(3, 'done', 1)]);
    expect(entries.map((entry) => [entry.position, entry.rank])).toEqual([[0, 2], [1, 0], [2, 3], [3, 1]]);
    expect(entries[0]).toEqual({ position: 0, payload: '{"prompt":"p0","options":{}}', json: '"r0"', tokensOut: 1, rank: 2 });
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
