// The engine's outgoing event bus: what both shells forward to the renderer as pushed events.
// Broadcasts go to every connection; directed events (a log stream's lines) name the connection
// they belong to, and only a shell that knows that connection delivers them. The two kinds have
// separate subscriptions, so a shell that does not route directed events simply never sees them
// instead of sending one window's logs to all of them.
import type { BroadcastEventName, DirectedEventName, EventPayload } from '../../shared/contract';

export type EventListener = <E extends BroadcastEventName>(event: E, payload: EventPayload<E>) => void;
export type DirectedEventListener = <E extends DirectedEventName>(connectionId: string, event: E, payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly directed = new Set<DirectedEventListener>();

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

  /** For shells: every directed event with its target connection, to deliver to that one only. */
  subscribeDirected(listener: DirectedEventListener): () => void {
    this.directed.add(listener);
    return () => this.directed.delete(listener);
  }
}
