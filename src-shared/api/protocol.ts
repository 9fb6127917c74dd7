import { z } from 'zod';
import type { ApiErrorShape } from './api-error';

/**
 * The wire format shared by the IPC and WebSocket bindings. Kept free of Node and DOM
 * so the preload, the renderer and the main process all import the same definitions.
 */
export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(200), args: z.unknown() }),
  /** The client no longer wants the answer to call `id`: its handler's signal aborts and no result is sent. */
  z.object({ t: z.literal('cancel'), id: z.number().int().nonnegative() }),
  z.object({ t: z.literal('sub'), id: z.number().int().nonnegative(), stream: z.string().max(200), args: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export type ServerMessage =
  | ({ t: 'result'; id: number } & CallOutcome)
  | { t: 'item'; id: number; value: unknown }
  | { t: 'end'; id: number; error?: ApiErrorShape }
  /**
   * Sent by the WebSocket host on a fixed beat, so a page can tell a quiet link from a dead one
   * (a browser cannot see WebSocket pings). Carries nothing.
   */
  | { t: 'beat' };

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * Receives the function that cancels one call. A callback rather than an AbortSignal because
 * this interface crosses Electron's contextBridge, which passes functions but not DOM objects.
 */
export type CancelBinder = (cancel: () => void) => void;

/**
 * What `window.orrery` exposes and what the WebSocket client implements: untyped at this
 * level because it crosses contextBridge; the typed ApiClient adds the contract types.
 */
export interface OrreryBridge {
  call(method: string, args: unknown, bindCancel?: CancelBinder): Promise<CallOutcome>;
  subscribe(stream: string, args: unknown, onItem: (value: unknown) => void, onEnd: (error?: ApiErrorShape) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}
