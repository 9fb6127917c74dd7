import { AgentRecord } from '../../../src-shared/events/agent-record';
import type { LiveStateImage } from '../../../src-shared/events/live-state';

/**
 * A history fold's state as stored in a checkpoint row: the live state's image (its records as
 * plain fields, shared by index) and the fold's clock. The recent-events ring is left out: the
 * store holds those events anyway and gives them back for any moment.
 */
export interface CheckpointState {
  /** The event time the fold had reached. */
  clock: number;
  image: LiveStateImage;
}

/** Bumped when the stored shape changes. */
const FORMAT = 1;

/** A record's data, its open tools as entries (JSON has no Map). */
type RecordFields = { [K in keyof AgentRecord as AgentRecord[K] extends (...args: never[]) => unknown ? never : K]: K extends 'openTools' ? [string, string][] | undefined : AgentRecord[K] };

interface StoredCheckpoint {
  format: typeof FORMAT;
  clock: number;
  counts: LiveStateImage['counts'];
  /** Every record the image refers to, each once. */
  records: RecordFields[];
  /** Indexes into `records`. */
  agents: number[];
  lingering: [record: number, since: number][];
  children: [parentId: string, children: number[]][];
}

export function encodeCheckpoint({ clock, image }: CheckpointState): string {
  const index = new Map<AgentRecord, number>();
  const records: RecordFields[] = [];
  const indexOf = (record: AgentRecord): number => {
    let at = index.get(record);
    if (at === undefined) {
      at = records.length;
      index.set(record, at);
      // Every own field goes, so a field added to the record later is kept without touching this.
      records.push({ ...record, openTools: record.openTools === undefined ? undefined : [...record.openTools] });
    }
    return at;
  };
  const stored: StoredCheckpoint = {
    format: FORMAT,
    clock,
    counts: image.counts,
    records,
    agents: image.fleet.agents.map(indexOf),
    lingering: image.fleet.lingering.map(({ record, since }) => [indexOf(record), since]),
    children: image.fleet.children.map(([parentId, children]) => [parentId, children.map(indexOf)]),
  };
  return JSON.stringify(stored);
}

export function decodeCheckpoint(body: string): CheckpointState {
  const stored = JSON.parse(body) as StoredCheckpoint;
  // A later format comes with a migration that rewrites or drops the old rows; never misread one.
  if (stored.format !== FORMAT) throw new Error(`a history checkpoint has format ${String(stored.format)}; this Orrery reads format ${FORMAT}`);
  const records = stored.records.map((fields) =>
    Object.assign(new AgentRecord(fields.id, fields.source, fields.startedAt), fields, {
      openTools: fields.openTools === undefined ? undefined : new Map(fields.openTools),
    }),
  );
  const record = (at: number): AgentRecord => records[at] as AgentRecord;
  return {
    clock: stored.clock,
    image: {
      counts: stored.counts,
      fleet: {
        agents: stored.agents.map(record),
        lingering: stored.lingering.map(([at, since]) => ({ record: record(at), since })),
        children: stored.children.map(([parentId, children]) => [parentId, children.map(record)]),
      },
      recentEvents: [],
    },
  };
}
