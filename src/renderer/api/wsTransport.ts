// The browser-shell carrier: one WebSocket to `/rpc` on the page's own host, offering the access
// token as a subprotocol (see accessToken.ts). Frames: `{id, call, input}` out; `{id, result: Envelope}` or `{event, payload}`
// in. Calls made while the socket is not open wait for it. When it closes, calls already sent
// reject (their answers are lost with the socket) and the socket is reopened with backoff.
import { isEventName } from '../../shared/events';
import { fromRecordTable, isRecordTable } from '../../shared/recordTable';
import type { EventName } from '../../shared/events';
import { CallError, isErrorInfo } from '../../shared/errors';
import { abortError, buildClient } from './client';
import type { CallOptions } from './client';
import { CLOSE_UNAUTHORIZED, callFrame, parseServerFrame, socketProtocols } from '../../shared/wire';
import { LOST_CONNECTION_MESSAGE } from './connectionStatus';
import type { ConnectionStatus, Transport } from './connectionStatus';

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  /** `code` is the WebSocket close code (4401: the token was refused). */
  close(code?: number): void;
}

/** The little of a WebSocket the transport needs; tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers, protocols: string[]) => SocketLike;

export interface WsTransportOptions {
  url: string;
  /** The browser shell's access token; null means this page has none and cannot connect. */
  token: string | null;
  /** Called when the shell refuses the token, so the caller can forget it. */
  onUnauthorized?: () => void;
  createSocket?: SocketFactory;
  /** Milliseconds to wait before reconnect attempt `attempt` (0 for the first retry). */
  reconnectDelay?: (attempt: number) => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export type WsTransport = Transport & { close(): void };

export const UNAUTHORIZED_MESSAGE = 'This page has no access to the Tinyforge engine: open the URL the browser shell printed';

interface Entry {
  frame: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Detaches the abort listener once the call has settled. */
  detach(): void;
}

/** Exponential backoff from 0.5 s to 30 s, with ±20 % jitter so many tabs do not retry in step. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** `ws://host/rpc` or `wss://host/rpc`, following the page's own scheme. */
export function rpcUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`;
}

const browserSocket: SocketFactory = (url, handlers, protocols) => {
  const socket = new WebSocket(url, protocols);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => handlers.message(event.data);
  // A failed handshake fires `error` then `close`; only `close` drives the state machine.
  socket.onclose = (event) => handlers.close(event.code);
  return { send: (data) => socket.send(data), close: () => socket.close() };
};

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const createSocket = options.createSocket ?? browserSocket;
  const delayFor = options.reconnectDelay ?? ((attempt: number) => reconnectDelay(attempt));
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  let socket: SocketLike | null = null;
  let generation = 0;
  let isOpen = false;
  let hasOpened = false;
  let disposed = false;
  let attempt = 0;
  let retryTimer: unknown = null;
  let nextId = 1;
  let status: ConnectionStatus = { state: 'connecting' };

  /** Calls waiting for the socket to open, in the order they were made. */
  const waiting = new Map<number, Entry>();
  /** Calls sent on the current socket, awaiting their result. */
  const inflight = new Map<number, Entry>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const reconnectedListeners = new Set<() => void>();

  function setStatus(next: ConnectionStatus) {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function send(id: number, entry: Entry) {
    inflight.set(id, entry);
    // A throwing send means the socket is closing: its close handler rejects the entry.
    try {
      socket?.send(entry.frame);
    } catch {
      /* settled by onClose */
    }
  }

  let unauthorized = false;

  function connect() {
    retryTimer = null;
    if (options.token === null) return refuse();
    const mine = ++generation;
    const current = () => mine === generation && !disposed;
    setStatus(hasOpened || attempt > 0 ? { state: 'lost', attempt, retryInMs: 0 } : { state: 'connecting' });
    socket = createSocket(
      options.url,
      {
        open: () => current() && onOpen(),
        message: (data) => current() && onMessage(data),
        close: (code) => current() && (code === CLOSE_UNAUTHORIZED ? refuse() : onClose()),
      },
      socketProtocols(options.token),
    );
  }

  /** No token, or a refused one: fail every call and stop; only a new URL from the shell helps. */
  function refuse() {
    generation += 1;
    socket = null;
    isOpen = false;
    unauthorized = true;
    failInflight();
    for (const entry of waiting.values()) {
      entry.detach();
      entry.reject(new CallError({ code: 'FORBIDDEN', message: UNAUTHORIZED_MESSAGE }));
    }
    waiting.clear();
    options.onUnauthorized?.();
    setStatus({ state: 'unauthorized' });
  }

  function onOpen() {
    isOpen = true;
    attempt = 0;
    const reconnected = hasOpened;
    hasOpened = true;
    setStatus({ state: 'open' });
    const queued = [...waiting];
    waiting.clear();
    for (const [id, entry] of queued) send(id, entry);
    if (reconnected) for (const listener of [...reconnectedListeners]) listener();
  }

  function onMessage(data: unknown) {
    if (typeof data !== 'string') return;
    const frame = parseServerFrame(data);
    if (frame === null) return;
    if (frame.id !== undefined) {
      const entry = inflight.get(frame.id);
      // Unknown ids are answers to calls that were cancelled: drop them.
      if (!entry) return;
      inflight.delete(frame.id);
      entry.detach();
      settle(entry, isRecordTable(frame.table) ? { ok: true, value: fromRecordTable(frame.table) } : frame.result);
      return;
    }
    if (isEventName(frame.event)) {
      for (const listener of [...(eventListeners.get(frame.event) ?? [])]) {
        try {
          listener(frame.payload);
        } catch (error) {
          console.error(`listener for ${frame.event} failed`, error);
        }
      }
    }
  }

  function settle(entry: Entry, result: unknown) {
    const envelope = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
    if (envelope.ok === true) entry.resolve(envelope.value);
    else if (envelope.ok === false && isErrorInfo(envelope.error)) entry.reject(new CallError(envelope.error));
    else entry.reject(new CallError({ code: 'INTERNAL', message: 'The engine sent a malformed answer' }));
  }

  function failInflight() {
    const lost = [...inflight.values()];
    inflight.clear();
    for (const entry of lost) {
      entry.detach();
      entry.reject(new CallError({ code: 'INTERNAL', message: LOST_CONNECTION_MESSAGE }));
    }
  }

  function onClose() {
    // Orphan this socket's handlers: a second close or a stray message from it changes nothing.
    generation += 1;
    socket = null;
    isOpen = false;
    failInflight();
    const delay = delayFor(attempt);
    attempt += 1;
    setStatus({ state: 'lost', attempt, retryInMs: delay });
    retryTimer = setTimer(connect, delay);
  }

  function call(name: string, input: unknown, options?: CallOptions): Promise<unknown> {
    const signal = options?.signal;
    if (disposed) return Promise.reject(new CallError({ code: 'INTERNAL', message: LOST_CONNECTION_MESSAGE }));
    if (unauthorized) return Promise.reject(new CallError({ code: 'FORBIDDEN', message: UNAUTHORIZED_MESSAGE }));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const onAbort = () => {
        waiting.delete(id);
        inflight.delete(id);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const entry: Entry = {
        frame: callFrame(id, name, input),
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      if (isOpen) send(id, entry);
      else waiting.set(id, entry);
    });
  }

  const client = buildClient(call, (event, listener) => {
    const set = eventListeners.get(event) ?? new Set();
    eventListeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  });

  connect();

  return {
    client,
    connection: {
      status: () => status,
      onStatus(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
      onReconnected(listener) {
        reconnectedListeners.add(listener);
        return () => reconnectedListeners.delete(listener);
      },
      retryNow() {
        if (disposed || socket || unauthorized) return;
        if (retryTimer !== null) clearTimer(retryTimer);
        connect();
      },
    },
    close() {
      disposed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      socket?.close();
      socket = null;
      failInflight();
      for (const entry of waiting.values()) {
        entry.detach();
        entry.reject(new CallError({ code: 'INTERNAL', message: LOST_CONNECTION_MESSAGE }));
      }
      waiting.clear();
    },
  };
}
