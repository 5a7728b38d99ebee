import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/logs';
import { LogStream } from './logStream';
import type { LogEnding } from './logStream';

/** A TTY body (raw text) we write to by hand, and what the stream sent. */
function setup(options: { follow?: boolean; whyEnded?: () => Promise<LogEnding>; maxLines?: number; congested?: () => boolean } = {}) {
  const body = new PassThrough();
  const sent: LogLine[][] = [];
  const ends: LogEnding[] = [];
  const stream = new LogStream({
    streamId: 's1',
    body,
    tty: true,
    timestamps: false,
    follow: options.follow ?? true,
    send: (lines) => sent.push(lines),
    end: (ending) => ends.push(ending),
    whyEnded: options.whyEnded ?? (async () => ({ reason: 'stopped', message: null })),
    congested: options.congested,
    congestionPollMs: 5,
    batch: { intervalMs: 5, maxLines: options.maxLines },
  });
  stream.start();
  return { body, stream, sent, ends, texts: () => sent.flat().map((l) => l.text) };
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LogStream', () => {
  it('sends the lines, then asks Docker why a followed body ended and says so once', async () => {
    const h = setup();
    h.body.write('one\ntwo\nunterminated');
    await tick();
    h.body.end();
    await h.stream.done;

    expect(h.texts()).toEqual(['one', 'two', 'unterminated']);
    expect(h.ends).toEqual([{ reason: 'stopped', message: null }]);
  });

  it('closed by the client: drops what is queued, destroys the body, ends with closed', async () => {
    const h = setup();
    h.body.write('queued but never sent\n');

    await h.stream.stop({ reason: 'closed', message: null });
    h.body.write('after close\n');
    await tick();

    expect(h.sent).toEqual([]);
    expect(h.body.destroyed).toBe(true);
    expect(h.ends).toEqual([{ reason: 'closed', message: null }]);
  });

  it('stopped for another reason (host down): sends what it has first', async () => {
    const h = setup();
    h.body.write('last words\n');
    await tick(1);

    await h.stream.stop({ reason: 'host-down', message: 'gone' });

    expect(h.texts()).toEqual(['last words']);
    expect(h.ends).toEqual([{ reason: 'host-down', message: 'gone' }]);
  });

  it('ends exactly once when stopped while Docker is being asked why it ended', async () => {
    let answer!: (ending: LogEnding) => void;
    const h = setup({ whyEnded: () => new Promise((resolve) => (answer = resolve)) });
    h.body.end();
    await tick(1);

    const stopping = h.stream.stop({ reason: 'shutdown', message: null });
    answer({ reason: 'removed', message: null });
    await stopping;

    expect(h.ends).toEqual([{ reason: 'removed', message: null }]);
  });

  it('pauses the body while a full batch waits, and resumes once it is sent', async () => {
    const h = setup({ maxLines: 2 });

    h.body.write('a\nb\nc\n');
    await tick(1);
    const pausedAfterBurst = h.body.isPaused();
    await tick();

    expect(pausedAfterBurst).toBe(true);
    expect(h.body.isPaused()).toBe(false);
    expect(h.texts()).toEqual(['a', 'b', 'c']);
    await h.stream.stop({ reason: 'closed', message: null });
  });

  it('sends nothing more and stops reading Docker while the connection is congested, and resumes after', async () => {
    // The delivery's report: a client that stopped reading (its socket queue above the bound).
    let congested = true;
    const h = setup({ congested: () => congested });
    h.body.write('sent before anyone knew\n');
    await tick();

    h.body.write('waits in Docker\n');
    await tick();
    const whileCongested = { texts: h.texts(), paused: h.body.isPaused() };
    congested = false;
    await tick();

    expect(whileCongested).toEqual({ texts: ['sent before anyone knew'], paused: true });
    expect(h.texts()).toEqual(['sent before anyone knew', 'waits in Docker']);
    expect(h.body.isPaused()).toBe(false);
    await h.stream.stop({ reason: 'closed', message: null });
  });

  it('stays paused while congested even when its own batch has drained', async () => {
    let congested = false;
    const h = setup({ maxLines: 2, congested: () => congested });
    h.body.write('a\nb\nc\n');
    await tick(1);
    congested = true;
    await tick();

    // The full batch went out (and congestion was seen after it): the rest waits, unread.
    expect(h.texts()).toEqual(['a', 'b']);
    expect(h.body.isPaused()).toBe(true);
    congested = false;
    await tick();
    expect(h.texts()).toEqual(['a', 'b', 'c']);
    await h.stream.stop({ reason: 'closed', message: null });
  });
});
