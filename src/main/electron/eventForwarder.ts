// Pushes engine events to the window. Anything sent before the page has loaded would be dropped by
// the renderer (no listener yet), so events wait in order until did-finish-load.
import type { WebContents } from 'electron';
import { eventChannel } from '../../shared/contract';
import type { EventName } from '../../shared/contract';
import type { EventBus } from '../engine/events';
import { connectionIdOf } from './connectionId';

/**
 * Events are invalidation notices, so a bounded queue is safe: if a page never loads, the oldest
 * notices go first, and a page that does load fetches fresh state on its own anyway.
 */
export const MAX_QUEUED_EVENTS = 1_000;

export function forwardEvents(events: Pick<EventBus, 'subscribe' | 'subscribeDirected'>, contents: WebContents): () => void {
  const queue: Array<{ name: EventName; payload: unknown }> = [];
  // Stays true across reloads: a reloaded page refetches everything, so nothing needs replaying.
  let loaded = false;

  const send = (name: EventName, payload: unknown) => {
    if (!contents.isDestroyed()) contents.send(eventChannel(name), payload);
  };

  const unsubscribe = events.subscribe((name, payload) => {
    if (loaded) {
      send(name, payload);
      return;
    }
    queue.push({ name, payload });
    if (queue.length > MAX_QUEUED_EVENTS) queue.shift();
  });

  // Directed events (a log stream's lines) go to the window whose calls opened them, and to no
  // other. They are never queued: a stream is opened by a page that has loaded. No queued-bytes
  // measure is passed (unlike the browser shell): Electron does not say how much contents.send has
  // queued toward a renderer, so over IPC a log stream is bounded only by its batcher.
  const self = connectionIdOf(contents);
  const unsubscribeDirected = events.subscribeDirected((connectionId, name, payload) => {
    if (connectionId === self) send(name, payload);
  });

  const flush = () => {
    loaded = true;
    for (const { name, payload } of queue.splice(0)) send(name, payload);
  };
  contents.on('did-finish-load', flush);

  const stop = () => {
    unsubscribe();
    unsubscribeDirected();
    queue.length = 0;
    contents.removeListener('did-finish-load', flush);
  };
  contents.once('destroyed', stop);
  return stop;
}
