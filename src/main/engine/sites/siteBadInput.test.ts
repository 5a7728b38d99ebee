// Every bad input the intake refuses, each made for real (a folder on disk, an archive from the
// system's tar or zip, or one crafted byte by byte) and each expected with its own code and the
// entry it names. scanSite returning nothing but an error is the "nothing produced" half: it
// writes nowhere, and a manifest is the only way to an upload.
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../testing/fixtures';
import { pythonZip, rawTar, tarOf, tempDir, writeTree, zipOf } from './siteFixtures';
import type { SiteLimits, SiteSource } from './siteSource';
import { scanSite } from './siteSource';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const folder = (path: string): SiteSource => ({ kind: 'folder', path });
const archive = (path: string): SiteSource => ({ kind: 'archive', path });
const file = (name: string, data: Buffer | string) => {
  const path = join(tmp.path, name);
  writeFileSync(path, data);
  return path;
};
const scanError = (source: SiteSource, limits?: SiteLimits) =>
  rejectionOf<{ code: string; message: string; details: Record<string, unknown> }>(scanSite(source, limits));
const index = { name: 'index.html', body: Buffer.from('<h1>x</h1>') };

describe('unsafe paths (SITE_PATH_UNSAFE)', () => {
  it.each([
    ['a ".." that climbs out', '../evil.html', '../evil.html'],
    ['a ".." in the middle', 'assets/../../evil.html', 'assets/../../evil.html'],
    ['an absolute path', '/etc/cron.d/evil', '/etc/cron.d/evil'],
    ['a backslash', 'assets\\..\\..\\evil', 'assets\\..\\..\\evil'],
    ['a drive letter', 'C:/evil', 'C:/evil'],
  ])('refuses a tar entry with %s', async (_what, name, shown) => {
    const tar = file('bad.tar', rawTar([index, { name, body: Buffer.from('x') }]));
    const error = await scanError(archive(tar));
    expect(error).toMatchObject({ code: 'SITE_PATH_UNSAFE', details: { entry: shown } });
    expect(error.message).toContain(shown);
  });

  it('refuses a NUL hidden in a PAX path', async () => {
    const tar = file('nul.tar', rawTar([index, { name: 'plain.txt', pax: { path: 'evil\u0000.html' }, body: Buffer.from('x') }]));
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_PATH_UNSAFE', details: { entry: 'evil\\x00.html' } });
  });

  it('refuses a PAX path that climbs out behind an innocent plain name', async () => {
    const tar = file('pax.tar', rawTar([index, { name: 'innocent.txt', pax: { path: '../../evil.sh' }, body: Buffer.from('x') }]));
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_PATH_UNSAFE', details: { entry: '../../evil.sh' } });
  });

  it.each([
    ['a ".." that climbs out', '../evil.html'],
    ['an absolute path', '/tmp/evil.html'],
    ['a backslash', '..\\evil.html'],
  ])('refuses a zip entry with %s', async (_what, name) => {
    const zip = pythonZip(
      join(tmp.path, 'bad.zip'),
      `z = zipfile.ZipFile(out, 'w')\nz.writestr('index.html', 'x')\nz.writestr(zipfile.ZipInfo(${JSON.stringify(name)}), 'evil')\nz.close()`,
    );
    expect(await scanError(archive(zip))).toMatchObject({ code: 'SITE_PATH_UNSAFE', details: { entry: name } });
  });

  it('refuses a folder entry with a backslash in its name', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'a\\b.html': 'y' });
    expect(await scanError(folder(site))).toMatchObject({ code: 'SITE_PATH_UNSAFE', details: { entry: 'a\\b.html' } });
  });

  it('refuses an archive entry written through a symlink it holds', async () => {
    const tar = file('through.tar', rawTar([index, { name: 'out', type: 'symlink', linkname: 'assets' }, { name: 'out/x.js', body: Buffer.from('x') }]));
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_PATH_UNSAFE', details: { entry: 'out/x.js', symlink: 'out' } });
  });

  it('refuses an entry that appears twice (SITE_ARCHIVE_INVALID), such as a file later replaced by a symlink', async () => {
    const tar = file('twice.tar', rawTar([index, { name: 'a.js', body: Buffer.from('x') }, { name: 'a.js', type: 'symlink', linkname: 'index.html' }]));
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'a.js' } });
  });
});

describe('symlinks (SITE_SYMLINK_OUTSIDE)', () => {
  it.each([
    ['up and out', 'assets/leak', '../../etc/passwd'],
    ['to an absolute path', 'assets/leak', '/etc/passwd'],
    ['to the parent of the root', 'leak', '..'],
  ])('refuses a symlink in a folder that points %s', async (_what, entry, target) => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', [entry]: { symlink: target } });
    const error = await scanError(folder(site));
    expect(error).toMatchObject({ code: 'SITE_SYMLINK_OUTSIDE', details: { entry, target } });
    expect(error.message).toContain(entry);
  });

  it('refuses a symlink that only escapes through another symlink (l -> ., a -> l/..)', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', l: { symlink: '.' }, a: { symlink: 'l/..' } });
    expect(await scanError(folder(site))).toMatchObject({ code: 'SITE_SYMLINK_OUTSIDE', details: { entry: 'a' } });
  });

  it('refuses a symlink pointing outside in a tar made by the system tar', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'etc-link': { symlink: '../../../etc' } });
    expect(await scanError(archive(tarOf(site, join(tmp.path, 's.tar'))))).toMatchObject({ code: 'SITE_SYMLINK_OUTSIDE', details: { entry: 'etc-link' } });
  });

  it('refuses a symlink pointing outside in a zip made by zip -y, and keeps one pointing inside', async () => {
    const inside = writeTree(join(tmp.path, 'in'), { 'index.html': 'x', 'home.html': { symlink: 'index.html' } });
    const manifest = await scanSite(archive(zipOf(inside, join(tmp.path, 'in.zip'))));
    expect(manifest.entries.find((e) => e.path === 'home.html')).toMatchObject({ kind: 'symlink', target: 'index.html' });
    const outside = writeTree(join(tmp.path, 'out'), { 'index.html': 'x', passwd: { symlink: '/etc/passwd' } });
    expect(await scanError(archive(zipOf(outside, join(tmp.path, 'out.zip'))))).toMatchObject({ code: 'SITE_SYMLINK_OUTSIDE', details: { entry: 'passwd' } });
  });
});

describe('special files (SITE_SPECIAL_FILE)', () => {
  it('refuses a FIFO in a folder without blocking on it', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x' });
    execFileSync('mkfifo', [join(site, 'pipe')]);
    expect(await scanError(folder(site))).toMatchObject({ code: 'SITE_SPECIAL_FILE', details: { entry: 'pipe', type: 'fifo' } });
  });

  it('refuses a socket in a folder', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x' });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(site, 'sock'), resolve));
    try {
      expect(await scanError(folder(site))).toMatchObject({ code: 'SITE_SPECIAL_FILE', details: { entry: 'sock', type: 'socket' } });
    } finally {
      server.close();
    }
  });

  it('refuses a FIFO and a hard link in tars made by the system tar', async () => {
    const withFifo = writeTree(join(tmp.path, 'fifo'), { 'index.html': 'x' });
    execFileSync('mkfifo', [join(withFifo, 'pipe')]);
    expect(await scanError(archive(tarOf(withFifo, join(tmp.path, 'fifo.tar'))))).toMatchObject({
      code: 'SITE_SPECIAL_FILE',
      details: { entry: 'pipe', type: 'fifo' },
    });

    const withLink = writeTree(join(tmp.path, 'link'), { 'index.html': 'x' });
    linkSync(join(withLink, 'index.html'), join(withLink, 'same.html'));
    const error = await scanError(archive(tarOf(withLink, join(tmp.path, 'link.tar'))));
    expect(error).toMatchObject({ code: 'SITE_SPECIAL_FILE', details: { type: 'hard-link' } });
    expect(['index.html', 'same.html']).toContain(error.details.entry);
  });

  it('refuses a device in a crafted tar and in a zip', async () => {
    const tar = file('dev.tar', rawTar([index, { name: 'null', type: 'character-device' }]));
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_SPECIAL_FILE', details: { entry: 'null', type: 'character-device' } });
    const zip = pythonZip(
      join(tmp.path, 'dev.zip'),
      `z = zipfile.ZipFile(out, 'w')\nz.writestr('index.html', 'x')\ni = zipfile.ZipInfo('null')\ni.create_system = 3\ni.external_attr = (0o020666 << 16)\nz.writestr(i, '')\nz.close()`,
    );
    expect(await scanError(archive(zip))).toMatchObject({ code: 'SITE_SPECIAL_FILE', details: { entry: 'null', type: 'character-device' } });
  });
});

describe('limits, counted on what is read (SITE_TOO_MANY_FILES, SITE_TOO_LARGE)', () => {
  const small: SiteLimits = { maxEntries: 10, maxBytes: 1024 * 1024 };

  it('stops a folder with more entries than the limit, naming the entry over it', async () => {
    const site = writeTree(join(tmp.path, 'site'), Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, 'x'])));
    expect(await scanError(folder(site), small)).toMatchObject({ code: 'SITE_TOO_MANY_FILES', details: { entry: 'f10.txt', limit: 10 } });
  });

  it('counts folders an archive only implies (deep paths cannot smuggle entries)', async () => {
    const tar = file('deep.tar', rawTar([{ name: 'a/b/c/d/e/f/g/h/i/j/k/index.html', body: Buffer.from('x') }]));
    expect(await scanError(archive(tar), small)).toMatchObject({ code: 'SITE_TOO_MANY_FILES', details: { limit: 10 } });
  });

  it('stops a zip whose central directory lists more entries than the limit', async () => {
    const zip = pythonZip(join(tmp.path, 'many.zip'), `z = zipfile.ZipFile(out, 'w')\nfor i in range(20): z.writestr('f%d.txt' % i, 'x')\nz.close()`);
    expect(await scanError(archive(zip), small)).toMatchObject({ code: 'SITE_TOO_MANY_FILES', details: { limit: 10 } });
  });

  it('stops a folder larger than the limit', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'big.bin': Buffer.alloc(1024 * 1024 + 1) });
    expect(await scanError(folder(site), small)).toMatchObject({ code: 'SITE_TOO_LARGE', details: { entry: 'big.bin', limit: 1024 * 1024 } });
  });

  it('stops a zip bomb (a few KB of zip, 3 MB of zeros) while inflating, just past the limit', async () => {
    const zip = pythonZip(
      join(tmp.path, 'bomb.zip'),
      `z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)\nz.writestr('index.html', 'x')\nz.writestr('zeros.bin', bytes(3 * 1024 * 1024))\nz.close()`,
    );
    expect(readFileSync(zip).length).toBeLessThan(10_000);
    const error = await scanError(archive(zip), small);
    expect(error).toMatchObject({ code: 'SITE_TOO_LARGE', details: { entry: 'zeros.bin', limit: 1024 * 1024 } });
    // Reading stopped within one inflated chunk of the limit, not at the end of the entry.
    expect(error.details.readBytes).toBeLessThan(1024 * 1024 + 256 * 1024);
  });

  it('stops a zip whose headers claim a small size for an entry that inflates to much more', async () => {
    const zip = pythonZip(
      join(tmp.path, 'liar.zip'),
      `z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)\nz.writestr('index.html', 'x')\nz.writestr('zeros.bin', bytes(3 * 1024 * 1024))\nz.close()`,
    );
    // Both copies of the uncompressed size (local header and central directory) now say 100 bytes.
    const bytes = readFileSync(zip);
    const name = Buffer.from('zeros.bin');
    for (let at = bytes.indexOf(name); at !== -1; at = bytes.indexOf(name, at + 1)) {
      if (bytes.readUInt32LE(at - 30) === 0x04034b50) bytes.writeUInt32LE(100, at - 30 + 22);
      if (bytes.readUInt32LE(at - 46) === 0x02014b50) bytes.writeUInt32LE(100, at - 46 + 24);
    }
    writeFileSync(zip, bytes);
    const error = await scanError(archive(zip), small);
    expect(error).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'zeros.bin' } });
    expect(error.message).toContain('too many bytes');
  });

  it('stops a tar.gz bomb while inflating', async () => {
    const tgz = file('bomb.tgz', gzipSync(rawTar([index, { name: 'zeros.bin', body: Buffer.alloc(3 * 1024 * 1024) }])));
    expect(readFileSync(tgz).length).toBeLessThan(10_000);
    expect(await scanError(archive(tgz), small)).toMatchObject({ code: 'SITE_TOO_LARGE', details: { entry: 'zeros.bin' } });
  });

  it('counts the real size of a tar entry whose plain header says 10 bytes but whose PAX header says 3 MB', async () => {
    const tar = file(
      'pax-size.tar',
      rawTar([index, { name: 'small.bin', size: 10, pax: { size: String(3 * 1024 * 1024) }, body: Buffer.alloc(3 * 1024 * 1024) }]),
    );
    expect(await scanError(archive(tar), small)).toMatchObject({ code: 'SITE_TOO_LARGE', details: { entry: 'small.bin' } });
  });

  it('refuses an oversized PAX header instead of buffering it (SITE_ARCHIVE_INVALID)', async () => {
    const tgz = file('pax-bomb.tgz', gzipSync(rawTar([index, { name: 'x.txt', paxBytes: 5 * 1024 * 1024, body: Buffer.from('x') }])));
    const error = await scanError(archive(tgz));
    expect(error).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'index.html' } });
    expect(error.message).toContain('pax-header of 5242880 bytes');
  });

  it('refuses a run of PAX headers that would pile up attributes (SITE_ARCHIVE_INVALID)', async () => {
    const tar = file('pax-run.tar', rawTar([index, { name: 'x.txt', pax: { comment: 'junk' }, paxRepeat: 9, body: Buffer.from('x') }]));
    const error = await scanError(archive(tar));
    expect(error).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'index.html' } });
    expect(error.message).toContain('metadata headers in a row');
    // Eight in a row is still a readable archive.
    const eight = file('pax-eight.tar', rawTar([index, { name: 'x.txt', pax: { comment: 'junk' }, paxRepeat: 8, body: Buffer.from('x') }]));
    expect((await scanSite(archive(eight))).files).toBe(2);
  });
});

describe('archives that are not readable ones (SITE_ARCHIVE_INVALID)', () => {
  it('refuses a file that is no tar, tar.gz or zip, whatever its name', async () => {
    const fake = file('site.zip', 'just some text, not an archive at all');
    const error = await scanError(archive(fake));
    expect(error).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { path: fake } });
  });

  it('refuses a truncated tar, naming the entry it stops in', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'big.bin': Buffer.alloc(100_000, 7) });
    const tar = tarOf(site, join(tmp.path, 's.tar'));
    truncateSync(tar, 60_000);
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: './big.bin' } });
  });

  it('refuses a tar.gz whose gzip data is corrupt', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'a.txt': 'a'.repeat(5000) });
    const tgz = readFileSync(tarOf(site, join(tmp.path, 's.tgz'), true));
    for (let i = 20; i < tgz.length - 8; i += 7) tgz[i] = (tgz[i] as number) ^ 0x55;
    expect(await scanError(archive(file('corrupt.tgz', tgz)))).toMatchObject({ code: 'SITE_ARCHIVE_INVALID' });
  });

  it('refuses a tar header with a bad checksum', async () => {
    const tar = rawTar([index, { name: 'a.txt', body: Buffer.from('a') }]);
    tar[512 + 512 + 10] = 0x41; // a byte of the second header's name, checksum unchanged
    expect(await scanError(archive(file('cksum.tar', tar)))).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'index.html' } });
  });

  it('refuses a truncated zip', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x', 'a.txt': 'a'.repeat(5000) });
    const zip = zipOf(site, join(tmp.path, 's.zip'));
    truncateSync(zip, readFileSync(zip).length - 30);
    expect(await scanError(archive(zip))).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { path: zip } });
  });

  it('refuses an encrypted zip entry, naming it', async () => {
    const site = writeTree(join(tmp.path, 'site'), { 'index.html': 'x' });
    const zip = join(tmp.path, 'secret.zip');
    execFileSync('zip', ['-q', '-P', 'secret', zip, 'index.html'], { cwd: site });
    const error = await scanError(archive(zip));
    expect(error).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'index.html' } });
    expect(error.message).toContain('encrypted');
  });

  it('refuses a tar entry of a type a site cannot hold (a directory with content)', async () => {
    const tar = file('dir-body.tar', rawTar([index, { name: 'assets', type: 'directory', size: 512, body: Buffer.alloc(512) }]));
    expect(await scanError(archive(tar))).toMatchObject({ code: 'SITE_ARCHIVE_INVALID', details: { entry: 'assets' } });
  });
});

describe('empty and unreadable sources', () => {
  it('refuses a folder with no files, even with folders in it (SITE_EMPTY)', async () => {
    const site = join(tmp.path, 'site');
    mkdirSync(join(site, 'a/b'), { recursive: true });
    expect(await scanError(folder(site))).toMatchObject({ code: 'SITE_EMPTY', details: { path: site } });
  });

  it('refuses an empty tar and an empty zip (SITE_EMPTY)', async () => {
    const empty = join(tmp.path, 'empty');
    mkdirSync(empty);
    expect(await scanError(archive(tarOf(empty, join(tmp.path, 'e.tar'))))).toMatchObject({ code: 'SITE_EMPTY' });
    const zip = pythonZip(join(tmp.path, 'e.zip'), `zipfile.ZipFile(out, 'w').close()`);
    expect(await scanError(archive(zip))).toMatchObject({ code: 'SITE_EMPTY' });
  });

  it('refuses a path that does not exist (SITE_SOURCE_UNREADABLE)', async () => {
    const missing = join(tmp.path, 'nowhere');
    for (const source of [folder(missing), archive(missing)]) {
      const error = await scanError(source);
      expect(error).toMatchObject({ code: 'SITE_SOURCE_UNREADABLE', details: { path: missing } });
      expect(error.message).toContain('does not exist');
    }
  });

  it('refuses a file given as a folder, a folder given as an archive, and a FIFO given as an archive without blocking', async () => {
    const plain = file('plain.txt', 'x');
    expect(await scanError(folder(plain))).toMatchObject({ code: 'SITE_SOURCE_UNREADABLE', details: { path: plain } });
    expect(await scanError(archive(tmp.path))).toMatchObject({ code: 'SITE_SOURCE_UNREADABLE', details: { path: tmp.path } });
    const fifo = join(tmp.path, 'fifo.tar');
    execFileSync('mkfifo', [fifo]);
    expect(await scanError(archive(fifo))).toMatchObject({ code: 'SITE_SOURCE_UNREADABLE', details: { path: fifo } });
  });

  it('refuses a folder given through a dangling symlink', async () => {
    const link = join(tmp.path, 'link');
    symlinkSync(join(tmp.path, 'gone'), link);
    expect(await scanError(folder(link))).toMatchObject({ code: 'SITE_SOURCE_UNREADABLE', details: { path: link } });
  });
});
