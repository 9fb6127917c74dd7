import { z } from 'zod';
import { demoMethods } from '../demo/demo-contract';
import { eventsMethods, eventsStreams } from '../events/events-contract';
import { historyMethods } from '../history/history-contract';
import { hooksMethods } from '../hooks/hooks-contract';
import { paperclipMethods, paperclipStreams } from '../paperclip/paperclip-contract';
import { runsMethods, runsStreams } from '../runs/runs-contract';
import { workflowsMethods, workflowsStreams } from '../workflows/workflows-contract';
import { terminalMethods, terminalStreams } from '../terminals/terminals-contract';

/**
 * The one contract between the core and every client (Electron IPC, WebSocket, tests).
 * Methods are request/response; streams push items until unsubscribed. Inputs are validated
 * here at the boundary, so handlers receive typed, trusted values.
 */

const NoInput = z.object({}).strict();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  runtime: z.enum(['electron', 'headless']),
  nodeVersion: z.string(),
  dataDir: z.string(),
  databaseFile: z.string(),
  schemaVersion: z.number().int(),
  startedAt: z.number(),
  uptimeMs: z.number(),
  /**
   * The host was started with ORRERY_TEST_HOOKS=1 (the end-to-end tests and benches do): the page
   * then installs its debug globals (window.__orreryGraph, window.__orreryTerminals).
   */
  testHooks: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const contract = {
  methods: {
    'app.info': { input: NoInput, output: AppInfo },
    ...eventsMethods,
    ...terminalMethods,
    ...demoMethods,
    ...hooksMethods,
    ...runsMethods,
    ...paperclipMethods,
    ...workflowsMethods,
    ...historyMethods,
  },
  streams: {
    ...eventsStreams,
    ...terminalStreams,
    ...runsStreams,
    ...paperclipStreams,
    ...workflowsStreams,
  },
} as const satisfies ContractShape;

export interface MethodDef {
  input: z.ZodType;
  output: z.ZodType;
}
export interface StreamDef {
  input: z.ZodType;
  item: z.ZodType;
}
export interface ContractShape {
  methods: Record<string, MethodDef>;
  streams: Record<string, StreamDef>;
}

export type Contract = typeof contract;
export type MethodName<C extends ContractShape = Contract> = keyof C['methods'] & string;
export type StreamName<C extends ContractShape = Contract> = keyof C['streams'] & string;
export type MethodInput<M extends MethodName<C>, C extends ContractShape = Contract> = z.input<C['methods'][M]['input']>;
export type MethodOutput<M extends MethodName<C>, C extends ContractShape = Contract> = z.output<C['methods'][M]['output']>;
export type StreamInput<S extends StreamName<C>, C extends ContractShape = Contract> = z.input<C['streams'][S]['input']>;
export type StreamItem<S extends StreamName<C>, C extends ContractShape = Contract> = z.output<C['streams'][S]['item']>;
