import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJournalTailer } from '../../../../src-main/core/events/journal-tailer';
import type { JournalBatch, JournalTailer } from '../../../../src-main/core/events/journal-tailer';
import { MemoryOffsetStore } from '../../../../src-main/core/events/offset-store';
import { eventLine } from '../../../support/event-builders';
import { makeTempDir, waitFor } from './helpers';

let tailer: JournalTailer | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await tailer?.close();
  cleanup?.();
});

describe('journal tailer without change notifications', () => {
  it('still delivers every line, on its poll alone', async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const journal = join(temp.dir, 'events.jsonl');
    const batches: JournalBatch[] = [];
    tailer = createJournalTailer({ sources: [journal], offsets: new MemoryOffsetStore(), watch: false, pollIntervalMs: 40, onBatch: (b) => batches.push(b) });
    appendFileSync(journal, eventLine('agent_spawn') + eventLine('tool_use'));
    await waitFor(() => batches.flatMap((b) => b.events).length === 2, 'two events by polling');
    appendFileSync(journal, eventLine('agent_done'));
    await waitFor(() => batches.flatMap((b) => b.events).length === 3, 'the third event by polling');
    expect(batches.flatMap((b) => b.events.map((e) => e.type))).toEqual(['agent_spawn', 'tool_use', 'agent_done']);
  });
});
