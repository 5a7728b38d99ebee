// The intake on good input: the same site from a folder, a tar, a tar.gz and a zip gives one
// manifest and one hash; the upload stream read back equals the source; progress, cancel, and a
// source that changes between scan and upload. Real files, real archives from the system's tools.
import { randomBytes } from 'node:crypto';
import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../testing/fixtures';
import { readBack, SAMPLE_SITE, sha256, tarOf, tempDir, writeTree, zipOf } from './siteFixtures';
import type { SiteManifest, SiteSource } from './siteSource';
import { scanSite, siteTarStream } from './siteSource';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const folder = (path: string): SiteSource => ({ kind: 'folder', path });
const archive = (path: string): SiteSource => ({ kind: 'archive', path });
/** The manifest without timestamps (a zip keeps them at 2 s, in local time). */
// Modification times (and so the shape hash) differ between a folder and its archives: left out.
const shape = ({ shapeHash: _shape, ...m }: SiteManifest) => ({ ...m, entries: m.entries.map(({ mtime: _mtime, ...rest }) => rest) });

describe('scanSite', () => {
  it('lists every entry with its kind, normalised mode, size, hash and symlink target', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const manifest = await scanSite(folder(site));
    expect(shape(manifest).entries).toEqual([
      { path: 'assets', kind: 'dir', mode: 0o755, size: 0 },
      { path: 'assets/app.3f2a.js', kind: 'file', mode: 0o644, size: 20, sha256: sha256('console.log("app");\n') },
      { path: 'assets/img', kind: 'dir', mode: 0o755, size: 0 },
      { path: 'assets/img/logo.bin', kind: 'file', mode: 0o644, size: 8, sha256: sha256(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0])) },
      { path: 'assets/style.css', kind: 'file', mode: 0o644, size: 19, sha256: sha256('body { margin: 0 }\n') },
      { path: 'cgi', kind: 'dir', mode: 0o755, size: 0 },
      { path: 'cgi/run.sh', kind: 'file', mode: 0o755, size: 18, sha256: sha256('#!/bin/sh\necho hi\n') },
      { path: 'empty', kind: 'dir', mode: 0o755, size: 0 },
      { path: 'index.html', kind: 'file', mode: 0o644, size: 12, sha256: sha256('<h1>v1</h1>\n') },
      { path: 'latest.js', kind: 'symlink', mode: 0o777, size: 0, target: 'assets/app.3f2a.js' },
    ]);
    expect(manifest).toMatchObject({ files: 5, bytes: 20 + 8 + 19 + 18 + 12, warnings: [] });
    expect(manifest.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same manifest and hash for a folder, a tar, a tar.gz and a zip of the same files', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const fromFolder = await scanSite(folder(site));
    const fromTar = await scanSite(archive(tarOf(site, join(tmp.path, 'site.tar'))));
    const fromTgz = await scanSite(archive(tarOf(site, join(tmp.path, 'site.tgz'), true)));
    const fromZip = await scanSite(archive(zipOf(site, join(tmp.path, 'site.zip'))));
    expect(shape(fromTar)).toEqual(shape(fromFolder));
    expect(shape(fromTgz)).toEqual(shape(fromFolder));
    expect(shape(fromZip)).toEqual(shape(fromFolder));
  });

  it('tells archives apart by their bytes, not their names', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const expected = (await scanSite(folder(site))).contentHash;
    const zipNamedTar = zipOf(site, join(tmp.path, 'really-a-zip.tar'));
    const tgzNamedZip = tarOf(site, join(tmp.path, 'really-a-tgz.zip'), true);
    expect((await scanSite(archive(zipNamedTar))).contentHash).toBe(expected);
    expect((await scanSite(archive(tgzNamedZip))).contentHash).toBe(expected);
  });

  it('fills in the folders an archive only implies, so that it hashes like the folder', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'a/b/c.txt': 'c' });
    // Only the files, no folder entries: a common way archives are made by scripts.
    const bare = join(tmp.path, 'bare.zip');
    const { execFileSync } = await import('node:child_process');
    execFileSync('zip', ['-q', '-D', bare, 'index.html', 'a/b/c.txt'], { cwd: site });
    expect(shape(await scanSite(archive(bare)))).toEqual(shape(await scanSite(folder(site))));
  });

  it('keeps the hash across runs and timestamps, and changes it for one byte of one file or an executable bit', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const first = (await scanSite(folder(site))).contentHash;
    utimesSync(join(site, 'index.html'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await scanSite(folder(site))).contentHash).toBe(first);

    writeFileSync(join(site, 'assets/style.css'), 'body { margin: 1 }\n');
    const oneByte = (await scanSite(folder(site))).contentHash;
    expect(oneByte).not.toBe(first);

    writeFileSync(join(site, 'assets/style.css'), 'body { margin: 0 }\n');
    expect((await scanSite(folder(site))).contentHash).toBe(first);
    const { chmodSync } = await import('node:fs');
    chmodSync(join(site, 'index.html'), 0o755);
    expect((await scanSite(folder(site))).contentHash).not.toBe(first);
  });

  it('warns, without failing, when index.html is missing at the root', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'docs/index.html': 'x' });
    const manifest = await scanSite(folder(site));
    expect(manifest.warnings).toEqual([{ code: 'INDEX_HTML_MISSING', entry: 'index.html' }]);
    expect(manifest.files).toBe(1);
  });

  it('keeps a symlink that stays inside, also one that climbs and comes back down', async () => {
    const site = writeTree(join(tmp.path, 'site'), {
      'index.html': 'x',
      'a/b/file.txt': 'f',
      'a/b/up.txt': { symlink: '../../index.html' },
      'a/dir-link': { symlink: 'b' },
      'a/via-link': { symlink: 'dir-link/file.txt' },
    });
    const manifest = await scanSite(folder(site));
    expect(manifest.entries.filter((e) => e.kind === 'symlink').map((e) => [e.path, e.target])).toEqual([
      ['a/b/up.txt', '../../index.html'],
      ['a/dir-link', 'b'],
      ['a/via-link', 'dir-link/file.txt'],
    ]);
  });

  it('stops when the signal is aborted', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf<Error>(scanSite(folder(site), undefined, controller.signal));
    expect(error.name).toBe('AbortError');
  });
});

/** Reads a stream to its end without keeping it, slowly if asked (to hold the producer back). */
function drain(stream: NodeJS.ReadableStream, onChunk?: () => void): Promise<number> {
  let bytes = 0;
  return pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        onChunk?.();
        done();
      },
    }),
  ).then(() => bytes);
}

describe('siteTarStream', () => {
  it('streams a tar whose entries, read back, are the source under the prefix, owned by root, modes normalised', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const { chmodSync } = await import('node:fs');
    chmodSync(join(site, 'assets/style.css'), 0o600); // normalised to 0644: the server must read it
    const manifest = await scanSite(folder(site));
    const entries = await readBack(siteTarStream(folder(site), manifest, { prefix: 'site/' }));
    expect(entries.map((e) => e.name)).toEqual([
      'site/',
      'site/assets/',
      'site/assets/img/',
      'site/cgi/',
      'site/empty/',
      // Files and symlinks follow in the folder's walk order.
      'site/index.html',
      'site/latest.js',
      'site/assets/app.3f2a.js',
      'site/assets/style.css',
      'site/assets/img/logo.bin',
      'site/cgi/run.sh',
    ]);
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const e of manifest.entries) {
      const got = byName.get(e.kind === 'dir' ? `site/${e.path}/` : `site/${e.path}`);
      expect(got, e.path).toBeDefined();
      expect(got?.uid).toBe(0);
      if (e.kind === 'file') expect(got).toMatchObject({ type: 'file', size: e.size, sha256: e.sha256, mode: e.mode });
      if (e.kind === 'symlink') expect(got).toMatchObject({ type: 'symlink', linkname: e.target });
      if (e.kind === 'dir') expect(got).toMatchObject({ type: 'directory', mode: 0o755 });
    }
    expect(byName.get('site/assets/style.css')?.mode).toBe(0o644);
    expect(byName.get('site/cgi/run.sh')?.mode).toBe(0o755);
  });

  it('carries names and targets too long for a plain header, extra root files, and files of several reads, whole', async () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}`;
    const long = `${deep}/${'n'.repeat(90)}.html`;
    // Random bytes: a read that overwrote an earlier one's bytes would change the hash.
    const big = randomBytes(1_500_000);
    const mid = randomBytes(600_000);
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', [long]: 'deep', 'big.bin': big, 'mid.bin': mid });
    const { symlinkSync } = await import('node:fs');
    symlinkSync(long, join(site, 'far.html'));
    const manifest = await scanSite(folder(site));
    const entries = await readBack(
      siteTarStream(folder(site), manifest, { prefix: 'site/', extraFiles: [{ name: 'Caddyfile', content: Buffer.from(':8080\n') }] }),
    );
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(entries[0]).toMatchObject({ name: 'Caddyfile', type: 'file', size: 6, sha256: sha256(':8080\n') });
    expect(byName.get(`site/${long}`)).toMatchObject({ type: 'file', size: 4, sha256: sha256('deep') });
    expect(byName.get('site/far.html')).toMatchObject({ type: 'symlink', linkname: long });
    expect(byName.get('site/big.bin')).toMatchObject({ type: 'file', size: big.length, sha256: sha256(big) });
    expect(byName.get('site/mid.bin')).toMatchObject({ type: 'file', size: mid.length, sha256: sha256(mid) });
    expect(byName.get(`site/${deep}/`)).toMatchObject({ type: 'directory' });
  });

  it('streams the same entries from each kind of archive', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const sources = [
      folder(site),
      archive(tarOf(site, join(tmp.path, 's.tar'))),
      archive(tarOf(site, join(tmp.path, 's.tgz'), true)),
      archive(zipOf(site, join(tmp.path, 's.zip'))),
    ];
    const sorted = async (source: SiteSource) => {
      const entries = await readBack(siteTarStream(source, await scanSite(source), { prefix: '' }));
      return entries
        .map(({ name, type, mode, size, sha256: hash, linkname }) => ({ name, type, mode, size, hash, linkname }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    };
    const expected = await sorted(sources[0] as SiteSource);
    for (const source of sources.slice(1)) expect(await sorted(source)).toEqual(expected);
  });

  it('reports progress that reaches the manifest totals', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const manifest = await scanSite(folder(site));
    const seen: { files: number; bytes: number }[] = [];
    await drain(siteTarStream(folder(site), manifest, { onProgress: (p) => seen.push(p) }));
    expect(seen.length).toBe(manifest.files);
    expect(seen.at(-1)).toEqual({ files: manifest.files, bytes: manifest.bytes });
    expect(seen.map((p) => p.files)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops with an abort error when cancelled mid-way, and produces no complete archive', async () => {
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}.bin`, Buffer.alloc(256 * 1024, i)]));
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', ...big });
    const manifest = await scanSite(folder(site));
    const controller = new AbortController();
    let progressAtAbort = 0;
    const stream = siteTarStream(folder(site), manifest, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.files === 3) {
          progressAtAbort = p.bytes;
          controller.abort();
        }
      },
    });
    const error = await rejectionOf<Error>(drain(stream));
    expect(error.name).toBe('AbortError');
    expect(progressAtAbort).toBeGreaterThan(0);
    expect(stream.destroyed).toBe(true);
  });

  it('fails with SITE_SOURCE_CHANGED when a file changed content (same size) since the scan', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const manifest = await scanSite(folder(site));
    writeFileSync(join(site, 'assets/style.css'), 'body { margin: 9 }\n');
    const error = await rejectionOf(drain(siteTarStream(folder(site), manifest)));
    expect(error).toMatchObject({ code: 'SITE_SOURCE_CHANGED', details: { entry: 'assets/style.css' } });
  });

  it('fails with SITE_SOURCE_CHANGED when a file grew, a file appeared, or a file vanished', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const manifest = await scanSite(folder(site));

    appendFileSync(join(site, 'index.html'), 'more');
    expect(await rejectionOf(drain(siteTarStream(folder(site), manifest)))).toMatchObject({ code: 'SITE_SOURCE_CHANGED', details: { entry: 'index.html' } });
    writeFileSync(join(site, 'index.html'), '<h1>v1</h1>\n');

    writeFileSync(join(site, 'new.txt'), 'n');
    expect(await rejectionOf(drain(siteTarStream(folder(site), manifest)))).toMatchObject({ code: 'SITE_SOURCE_CHANGED', details: { entry: 'new.txt' } });
    const { rmSync } = await import('node:fs');
    rmSync(join(site, 'new.txt'));
    rmSync(join(site, 'cgi/run.sh'));
    expect(await rejectionOf(drain(siteTarStream(folder(site), manifest)))).toMatchObject({ code: 'SITE_SOURCE_CHANGED', details: { entry: 'cgi/run.sh' } });
  });

  it('fails with SITE_SOURCE_CHANGED when the archive was replaced since the scan', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const tar = tarOf(site, join(tmp.path, 's.tar'));
    const manifest = await scanSite(archive(tar));
    writeFileSync(join(site, 'index.html'), '<h1>v2</h1>\n');
    tarOf(site, tar);
    expect(await rejectionOf(drain(siteTarStream(archive(tar), manifest)))).toMatchObject({ code: 'SITE_SOURCE_CHANGED', details: { entry: 'index.html' } });
  });

  it('reads the files of a shallow scan once, in the stream, and tells the content hash a full scan gives', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const full = await scanSite(folder(site));
    const shallow = await scanSite(folder(site), undefined, undefined, { shallow: true });
    expect(shallow.contentHash).toBeNull();
    expect(shallow.entries.filter((e) => e.kind === 'file').every((e) => e.sha256 === undefined)).toBe(true);
    expect({ files: shallow.files, bytes: shallow.bytes, shapeHash: shallow.shapeHash }).toEqual({
      files: full.files,
      bytes: full.bytes,
      shapeHash: full.shapeHash,
    });
    let told: string | null = null;
    const entries = await readBack(siteTarStream(folder(site), shallow, { onContentHash: (hash) => (told = hash) }));
    expect(told).toBe(full.contentHash);
    expect(entries.find((e) => e.name === 'site/index.html')?.sha256).toBe(sha256(SAMPLE_SITE['index.html'] as string));
  });

  it('gives a shallow scan the same limits and refusals, counted on the listed sizes, and reads an archive whole anyway', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const bytes = (await scanSite(folder(site))).bytes;
    const tooSmall = { maxEntries: 100, maxBytes: bytes - 1 };
    expect(await rejectionOf(scanSite(folder(site), tooSmall, undefined, { shallow: true }))).toMatchObject({ code: 'SITE_TOO_LARGE' });
    const tar = tarOf(site, join(tmp.path, 's.tar'));
    expect((await scanSite(archive(tar), undefined, undefined, { shallow: true })).contentHash).toBe((await scanSite(folder(site))).contentHash);
  });

  it('changes the shape hash with a modification time, and keeps the content hash', async () => {
    const site = writeTree(join(tmp.path, 'site'), SAMPLE_SITE);
    const before = await scanSite(folder(site));
    utimesSync(join(site, 'index.html'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const after = await scanSite(folder(site));
    expect(after.shapeHash).not.toBe(before.shapeHash);
    expect(after.contentHash).toBe(before.contentHash);
  });

  it('refuses a prefix that is not a relative folder', () => {
    const manifest = { entries: [], files: 0, bytes: 0, contentHash: '', shapeHash: '', warnings: [] };
    expect(() => siteTarStream(folder(tmp.path), manifest, { prefix: '../x/' })).toThrow(expect.objectContaining({ code: 'SITE_PATH_UNSAFE' }));
    expect(() => siteTarStream(folder(tmp.path), manifest, { prefix: 'site' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('a 5,000-file, 50 MB folder', () => {
  it('is scanned and streamed with a bounded memory growth (measured)', async () => {
    const site = join(tmp.path, 'big');
    const tree: Record<string, Buffer> = { 'index.html': Buffer.from('<h1>big</h1>') };
    for (let i = 1; i < 5000; i++) tree[`d${i % 50}/f${i}.bin`] = Buffer.alloc(10_000, i % 251);
    writeTree(site, tree);

    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const manifest = await scanSite(folder(site));
    const scanned = performance.now();
    const bytes = await drain(siteTarStream(folder(site), manifest), () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    const streamed = performance.now();
    clearInterval(sampler);

    const growthMb = (peak - before) / 1024 / 1024;
    console.log(
      `sites intake, 5,000 files / ${(manifest.bytes / 1e6).toFixed(1)} MB: scan ${(scanned - started).toFixed(0)} ms, ` +
        `stream ${(streamed - scanned).toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB of tar), peak RSS growth ${growthMb.toFixed(1)} MB`,
    );
    expect(manifest.files).toBe(5000);
    expect(manifest.bytes).toBeGreaterThan(49_000_000);
    expect(growthMb).toBeLessThan(100);
  }, 60_000);
});
