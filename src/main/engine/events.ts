// The engine's outgoing event bus: what both shells forward to the renderer as pushed events.
// Broadcasts go to every connection; directed events (a log stream's lines) name the connection
// they belong to, and only a shell that knows that connection delivers them. The two kinds have
// separate subscriptions, so a shell that does not route directed events simply never sees them
// instead of sending one window's logs to all of them.
import type { BroadcastEventName, DirectedEventName, EventPayload } from '../../shared/contract';

export type EventListener = <E extends BroadcastEventName>(event: E, payload: EventPayload<E>) => void;
export type DirectedEventListener = <E extends DirectedEventName>(connectionId: string, event: E, payload: EventPayload<E>) => void;
/**
 * A shell's measure of what it has accepted for a connection but not yet handed to it, in bytes
 * (the browser shell's ws.bufferedAmount): it grows when that client stops reading.
 */
export type QueuedBytes = (connectionId: string) => number;

export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly directed = new Set<DirectedEventListener>();
  private readonly queued = new Set<QueuedBytes>();

  emit<E extends BroadcastEventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A failing subscriber (a closed socket, a destroyed window) must not break the engine.
      }
    }
  }

  /** Sends an event to one connection; the shells drop it when that connection is gone. */
  emitTo<E extends DirectedEventName>(connectionId: string, event: E, payload: EventPayload<E>): void {
    for (const listener of this.directed) {
      try {
        listener(connectionId, event, payload);
      } catch {
        // As above.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * For shells: every directed event with its target connection, to deliver to that one only. A
   * shell that can tell how much it has queued toward a connection passes `queued`, so that a
   * stream slows down for a client that does not read (see LogStream).
   */
  subscribeDirected(listener: DirectedEventListener, queued?: QueuedBytes): () => void {
    this.directed.add(listener);
    if (queued) this.queued.add(queued);
    return () => {
      this.directed.delete(listener);
      if (queued) this.queued.delete(queued);
    };
  }

  /** Bytes queued toward a connection and not yet sent, by the shells that can tell; 0 otherwise. */
  queuedTo(connectionId: string): number {
    let most = 0;
    for (const measure of this.queued) {
      try {
        most = Math.max(most, measure(connectionId));
      } catch {
        // As above: a shell's failure must not break the engine.
      }
    }
    return most;
  }
}
