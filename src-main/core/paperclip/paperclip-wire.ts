import { z } from 'zod';

/**
 * What Orrery reads of Paperclip's responses (seen on paperclipai 2026.916.1). Only the fields
 * used are declared and everything else passes through, so a newer server that adds fields still
 * parses; a response that lacks these is not from a Paperclip we understand.
 */

const text = z.string();
const maybeText = z.string().nullish();
const count = z.number().nullish();

export const HealthWire = z.looseObject({ status: z.literal('ok'), version: text, deploymentMode: maybeText });
export type HealthWire = z.output<typeof HealthWire>;

export const CompanyWire = z.looseObject({ id: text, name: text, status: maybeText });
export type CompanyWire = z.output<typeof CompanyWire>;

export const AgentWire = z.looseObject({
  id: text,
  companyId: text,
  name: text,
  status: text,
  adapterType: maybeText,
  pauseReason: maybeText,
  errorReason: maybeText,
  spentMonthlyCents: count,
  budgetMonthlyCents: count,
});
export type AgentWire = z.output<typeof AgentWire>;

const ExecutionWire = z.looseObject({ phase: maybeText, label: maybeText, attempt: count, maxAttempts: count });
const OutputSilenceWire = z.looseObject({ silenceStartedAt: maybeText, silenceAgeMs: count, level: maybeText });

/** A run as `live-runs` lists it and `heartbeat-runs/{id}` returns it (the latter has fewer of the live fields). */
export const RunWire = z.looseObject({
  id: text,
  agentId: text,
  status: text,
  companyId: maybeText,
  agentName: maybeText,
  adapterType: maybeText,
  issueId: maybeText,
  invocationSource: maybeText,
  createdAt: maybeText,
  startedAt: maybeText,
  finishedAt: maybeText,
  error: maybeText,
  errorCode: maybeText,
  currentStatusMessage: maybeText,
  currentToolName: maybeText,
  execution: ExecutionWire.nullish(),
  outputSilence: OutputSilenceWire.nullish(),
});
export type RunWire = z.output<typeof RunWire>;

export const LogPageWire = z.looseObject({ content: z.string(), nextOffset: z.number().int().nonnegative().nullish() });
export type LogPageWire = z.output<typeof LogPageWire>;

/** One line of a run's NDJSON log. */
export const LogChunkWire = z.looseObject({ ts: maybeText, stream: text, chunk: z.string(), seq: z.number().int() });
export type LogChunkWire = z.output<typeof LogChunkWire>;

export const IssueWire = z.looseObject({ id: text, identifier: maybeText, title: maybeText });
export type IssueWire = z.output<typeof IssueWire>;

/** A message on `/api/companies/{cid}/events/ws`. */
export const LiveEventWire = z.looseObject({ type: text, companyId: maybeText, createdAt: maybeText, payload: z.record(z.string(), z.unknown()).nullish() });
export type LiveEventWire = z.output<typeof LiveEventWire>;
