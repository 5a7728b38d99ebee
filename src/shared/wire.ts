// The browser shell's WebSocket protocol, typed once for both ends (src/main/browser/server.ts and
// src/renderer/api/wsTransport.ts): how a page proves it holds the access token, and the shape of
// every frame. Text frames of JSON only. Kept free of the schema library: the renderer's first
// bundle loads this.
import type { Envelope } from './errors';
import type { EventName } from './events';
import type { RecordTable } from './recordTable';

/** Where a page keeps the token the shell printed (localStorage is scoped to the exact origin). */
export const TOKEN_STORAGE_KEY = 'tinyforge.accessToken';
/** The subprotocol the shell answers with; the token is never echoed back. */
export const RPC_PROTOCOL = 'tinyforge';
/** The token travels as a second offered subprotocol: `tinyforge.token.<token>`. */
export const TOKEN_PROTOCOL_PREFIX = 'tinyforge.token.';
/** The close code of a socket whose token was refused (the page asks for a new URL, no retry). */
export const CLOSE_UNAUTHORIZED = 4401;

/** The subprotocols a page offers: the protocol's name, then its token. */
export function socketProtocols(token: string): string[] {
  return [RPC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The token a page offered, if any, from the subprotocols of its upgrade request. */
export function offeredToken(protocols: Iterable<string>): string | null {
  for (const p of protocols) if (p.startsWith(TOKEN_PROTOCOL_PREFIX)) return p.slice(TOKEN_PROTOCOL_PREFIX.length);
  return null;
}

/** Page -> shell: one call of the contract, answered by a frame with the same id. */
export interface CallFrame {
  id: number;
  call: string;
  input?: unknown;
}

/** Shell -> page: the answer to call `id`, an envelope or (for long lists of like records) a table. */
export type AnswerFrame = { id: number; result: Envelope<unknown> } | { id: number; table: RecordTable };

/** Shell -> page: a pushed event (a broadcast, or one directed at this socket). */
export interface EventFrame {
  event: EventName;
  payload: unknown;
}

export type ServerFrame = AnswerFrame | EventFrame;

/**
 * Reads a page's frame. A frame the shell cannot answer closes the socket with the code and reason
 * given here (1007 not JSON, 1008 no numeric id): a well-behaved page never sends one.
 */
export function parseCallFrame(text: string): CallFrame | { close: number; reason: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { close: 1007, reason: 'invalid JSON' };
  }
  const m = message as Partial<CallFrame> | null;
  if (typeof m !== 'object' || m === null || typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) {
    return { close: 1008, reason: 'a call needs a numeric id' };
  }
  return { id: m.id, call: m.call as string, input: m.input };
}

/** A shell frame as read, before the page checks its parts (an envelope, a table, an event name). */
export type ReadFrame = { id: number; result?: unknown; table?: unknown } | { id?: undefined; event: unknown; payload: unknown };

/** Reads the shell's frame; null for anything that is not one (ignored by the page). */
export function parseServerFrame(text: string): ReadFrame | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const frame = message as Record<string, unknown>;
  if (typeof frame.id === 'number') return { id: frame.id, result: frame.result, table: frame.table };
  if (typeof frame.event === 'string') return { event: frame.event, payload: frame.payload };
  return null;
}

export function callFrame(id: number, call: string, input: unknown): string {
  const frame: CallFrame = { id, call, input };
  return JSON.stringify(frame);
}

export function answerFrame(id: number, answer: { result: Envelope<unknown> } | { table: RecordTable }): string {
  const frame: AnswerFrame = { id, ...answer };
  return JSON.stringify(frame);
}

export function eventFrame(event: EventName, payload: unknown): string {
  const frame: EventFrame = { event, payload };
  return JSON.stringify(frame);
}
