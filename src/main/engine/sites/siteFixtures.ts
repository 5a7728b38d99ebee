// Test builders for the sites room: real folders in a temp dir, real archives made by the system's
// tar and zip (and python3's zipfile, or tar-stream's header codec, for the crafted malicious ones),
// and the upload read back with tar-stream's extract.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { encode, encodePax } from 'tar-stream/headers';

export function tempDir(prefix = 'tf-site-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export type Tree = Record<string, string | Buffer | { symlink: string } | { exec: string } | { dir: true }>;

export function writeTree(root: string, tree: Tree): string {
  mkdirSync(root, { recursive: true });
  for (const [path, what] of Object.entries(tree)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof what === 'string' || Buffer.isBuffer(what)) writeFileSync(abs, what);
    else if ('symlink' in what) symlinkSync(what.symlink, abs);
    else if ('exec' in what) {
      writeFileSync(abs, what.exec);
      chmodSync(abs, 0o755);
    } else mkdirSync(abs, { recursive: true });
  }
  return root;
}

/** A small site with each kind of entry: nested files, an executable, a symlink inside, an empty folder. */
export const SAMPLE_SITE: Tree = {
  'index.html': '<h1>v1</h1>\n',
  'assets/app.3f2a.js': 'console.log("app");\n',
  'assets/style.css': 'body { margin: 0 }\n',
  'assets/img/logo.bin': Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]),
  'cgi/run.sh': { exec: '#!/bin/sh\necho hi\n' },
  'latest.js': { symlink: 'assets/app.3f2a.js' },
  empty: { dir: true },
};

export function tarOf(folder: string, out: string, gzip = false): string {
  execFileSync('tar', ['-C', folder, gzip ? '-czf' : '-cf', out, '.']);
  return out;
}

export function zipOf(folder: string, out: string): string {
  // -y stores symlinks as symlinks; -X leaves out uid/gid extra fields (not needed).
  execFileSync('zip', ['-q', '-r', '-y', '-X', out, '.'], { cwd: folder });
  return out;
}

/** Runs a python3 script with zipfile imported and `out` set to the path given. */
export function pythonZip(out: string, body: string): string {
  execFileSync('python3', ['-c', `import zipfile, sys\nout = sys.argv[1]\n${body}`, out]);
  return out;
}

function pad(body: Buffer): Buffer {
  const rest = body.length % 512;
  return rest === 0 ? body : Buffer.concat([body, Buffer.alloc(512 - rest)]);
}

export interface RawTarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo' | 'character-device' | 'block-device';
  body?: Buffer;
  /** The size the header claims (default: the body's). */
  size?: number;
  linkname?: string;
  mode?: number;
  /** A PAX header put in front (its keys as written, `size` and `path` included). */
  pax?: Record<string, string>;
  /** A PAX header of this many bytes of junk put in front (an oversized metadata header). */
  paxBytes?: number;
  /** How many times the PAX header is repeated (a run of metadata headers). */
  paxRepeat?: number;
}

/** A tar written block by block, so that headers can say what the test wants them to. */
export function rawTar(entries: RawTarEntry[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.pax || e.paxBytes) {
      const paxBody = e.paxBytes ? Buffer.alloc(e.paxBytes, 'a') : encodePax({ pax: e.pax });
      for (let i = 0; i < (e.paxRepeat ?? 1); i++) {
        parts.push(
          encode({ name: 'PaxHeader', type: 'pax-header', size: paxBody.length, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0) }) as Buffer,
          pad(paxBody),
        );
      }
    }
    const body = e.body ?? Buffer.alloc(0);
    const header = encode({
      name: e.name,
      type: e.type ?? 'file',
      size: e.size ?? body.length,
      mode: e.mode ?? (e.type === 'directory' ? 0o755 : 0o644),
      uid: 0,
      gid: 0,
      mtime: new Date(1_700_000_000_000),
      linkname: e.linkname,
    });
    if (!header) throw new Error(`name too long for a plain header: ${e.name}`);
    parts.push(header, pad(body));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export interface ReadBackEntry {
  name: string;
  type: string;
  mode: number;
  size: number;
  uid: number | undefined;
  sha256?: string;
  linkname?: string;
}

/** The entries of a tar stream, in order, with each file's content hash. */
export function readBack(stream: Readable): Promise<ReadBackEntry[]> {
  return new Promise((resolve, reject) => {
    const found: ReadBackEntry[] = [];
    const ex = extract();
    ex.on('entry', (header, body, next) => {
      const hash = createHash('sha256');
      body.on('data', (chunk: Buffer) => hash.update(chunk));
      body.on('end', () => {
        found.push({
          name: header.name,
          type: header.type,
          mode: header.mode,
          size: header.size,
          uid: header.uid,
          ...(header.type === 'file' ? { sha256: hash.digest('hex') } : {}),
          ...(header.linkname ? { linkname: header.linkname } : {}),
        });
        next();
      });
    });
    ex.on('finish', () => resolve(found));
    ex.on('error', reject);
    stream.on('error', reject);
    stream.pipe(ex);
  });
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
