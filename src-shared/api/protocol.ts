import { z } from 'zod';
import type { ApiErrorShape } from './api-error';

/**
 * The wire format shared by the IPC and WebSocket bindings. Kept free of Node and DOM
 * so the preload, the renderer and the main process all import the same definitions.
 */
export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(200), args: z.unknown() }),
  z.object({ t: z.literal('sub'), id: z.number().int().nonnegative(), stream: z.string().max(200), args: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export type ServerMessage =
  | ({ t: 'result'; id: number } & CallOutcome)
  | { t: 'item'; id: number; value: unknown }
  | { t: 'end'; id: number; error?: ApiErrorShape };

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * What `window.orrery` exposes and what the WebSocket client implements: untyped at this
 * level because it crosses contextBridge; the renderer's api client adds the contract types.
 */
export interface OrreryBridge {
  call(method: string, args: unknown): Promise<CallOutcome>;
  subscribe(stream: string, args: unknown, onItem: (value: unknown) => void, onEnd: (error?: ApiErrorShape) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}
