// pullImage's timing and failure paths, with dockerd's pull stream played from a recording into a
// real docker-modem (the same followProgress the real pull uses). The real pull is in
// pull.docker.test.ts; here the clock is what is tested: the report rate and the bounds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import Modem from 'docker-modem';
import { describe, expect, it } from 'vitest';
import type { PullProgress } from '../../../shared/types';
import { pullImage } from './pullImage';

const IMAGE = '127.0.0.1:5000/tinyforge-test/layered:v1';
const lines = (name: string) =>
  readFileSync(join(__dirname, 'fixtures', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean);

/** A dockerode stand-in whose pull answers with a stream the test writes to; records the abort signal. */
function fakeDocker(pull: (opts: { abortSignal: AbortSignal }) => Promise<PassThrough>) {
  const seen: { signal?: AbortSignal } = {};
  const docker = {
    modem: new Modem({ socketPath: '/nonexistent' }),
    pull: (_image: string, opts: { abortSignal: AbortSignal }) => {
      seen.signal = opts.abortSignal;
      return pull(opts);
    },
  } as unknown as Dockerode;
  return { docker, seen };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pullImage', () => {
  it('reports a few times a second however fast the lines come, and always the end', async () => {
    const stream = new PassThrough();
    const { docker } = fakeDocker(async () => stream);
    const reports: { at: number; progress: PullProgress }[] = [];
    const start = Date.now();
    const done = pullImage(docker, IMAGE, { progressEveryMs: 100, onProgress: (progress) => reports.push({ at: Date.now() - start, progress }) });
    // 34 lines over about 340 ms: one every 10 ms.
    for (const line of lines('pull-v1')) {
      stream.write(`${line}\n`);
      await sleep(10);
    }
    stream.end();
    await done;
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.length).toBeLessThanOrEqual(7);
    // The end is reported at once, however soon after the last report; the others keep their distance.
    for (let i = 1; i < reports.length - 1; i += 1) expect(reports[i]!.at - reports[i - 1]!.at).toBeGreaterThanOrEqual(90);
    expect(reports.at(-1)!.progress).toMatchObject({ layersDone: 4, layersTotal: 4 });
  });

  it("fails with Docker's words when the stream ends in an error line", async () => {
    const stream = new PassThrough();
    const { docker } = fakeDocker(async () => stream);
    const done = pullImage(docker, IMAGE);
    stream.end(lines('pull-missing-blob').join('\n') + '\n');
    await expect(done).rejects.toThrow(`pulling ${IMAGE} failed: unknown blob`);
  });

  it('fails with the registry named when dockerd refuses the pull before it starts', async () => {
    // As docker-modem rejects a streamed call: the body's message only inside its own, json null.
    const refused = Object.assign(new Error('(HTTP code 500) server error - manifest unknown '), { statusCode: 500, json: null });
    const { docker } = fakeDocker(async () => Promise.reject(refused));
    await expect(pullImage(docker, IMAGE)).rejects.toThrow(
      /^image 127\.0\.0\.1:5000\/tinyforge-test\/layered:v1 not found in the registry 127\.0\.0\.1:5000 \(Docker said: manifest unknown\)\./,
    );
  });

  it('cancels a pull that goes quiet, and says it was the stall bound', async () => {
    const stream = new PassThrough();
    const { docker, seen } = fakeDocker(async (opts) => {
      opts.abortSignal.addEventListener('abort', () => stream.destroy());
      return stream;
    });
    const done = pullImage(docker, IMAGE, { stallMs: 200, timeoutMs: 5_000 });
    stream.write(`${lines('pull-v1')[0]}\n`);
    await expect(done).rejects.toThrow(/^pulling .* made no progress for 200 ms \(the pull stall timeout\)/);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('cancels a pull that never answers at all, and one that takes too long though it moves', async () => {
    const hanging = fakeDocker((opts) => new Promise((_, reject) => opts.abortSignal.addEventListener('abort', () => reject(new Error('aborted')))));
    await expect(pullImage(hanging.docker, IMAGE, { stallMs: 150, timeoutMs: 5_000 })).rejects.toThrow(/the pull stall timeout/);

    const stream = new PassThrough();
    const slow = fakeDocker(async (opts) => {
      opts.abortSignal.addEventListener('abort', () => stream.destroy());
      return stream;
    });
    const done = pullImage(slow.docker, IMAGE, { stallMs: 150, timeoutMs: 400 });
    const keepTalking = setInterval(() => stream.write(`${lines('pull-v1')[1]}\n`), 50);
    await expect(done).rejects.toThrow(/did not finish within 400 ms \(the pull timeout\)/);
    clearInterval(keepTalking);
  });
});
