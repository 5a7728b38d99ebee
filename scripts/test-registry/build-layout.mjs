#!/usr/bin/env node
// Writes a Docker Registry HTTP API v2 layout (pull side only) as plain files, plus the Caddyfile
// that serves it: the deploy tests pull from it because no public registry is reachable on the
// build machines. Usage: node build-layout.mjs <root-dir> <listen-address>
//
// The images start from the test app image (tinyforge-test/app:v1, made by test-host.sh with
// `docker import`, so it runs httpd with /health) and add layers of incompressible bytes, so a pull
// has several layers and a few MB to report progress on. The extra bytes come from AES-CTR over
// zeros with a fixed key: the same on every run, yet gzip cannot shrink them.
import { createCipheriv, createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [root, listen] = process.argv.slice(2);
if (!root || !listen) {
  console.error('usage: build-layout.mjs <root-dir> <listen-address>');
  process.exit(2);
}

const REPO = 'tinyforge-test/layered';
const BASE_IMAGE = 'tinyforge-test/app:v1';
const MB = 1024 * 1024;
/** Tag -> the extra layers (file name, size) stacked on the base. v2 shares v1's, so pulling it after v1 reports "Already exists". */
const TAGS = {
  v1: [
    ['blob-a.bin', 3 * MB],
    ['blob-b.bin', 2 * MB],
    ['blob-c.bin', 1 * MB],
  ],
  v2: [
    ['blob-a.bin', 3 * MB],
    ['blob-b.bin', 2 * MB],
    ['blob-c.bin', 1 * MB],
    ['blob-d.bin', 1 * MB],
  ],
};

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const repoDir = join(root, 'v2', REPO);
mkdirSync(join(repoDir, 'blobs'), { recursive: true });
mkdirSync(join(repoDir, 'manifests'), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'tinyforge-registry-'));

/** Stores a blob under its digest; returns the manifest descriptor. */
function blob(bytes, mediaType) {
  const digest = sha256(bytes);
  writeFileSync(join(repoDir, 'blobs', digest), bytes);
  return { mediaType, size: bytes.length, digest };
}

/** A layer tar with one file, made reproducible (fixed owner and mtime) so digests do not drift. */
function layerTar(name, size) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, name.charCodeAt(5)));
  writeFileSync(join(dir, 'blobs', name), Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]));
  return execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', dir, '-c', 'blobs'], { maxBuffer: 64 * MB });
}

try {
  // docker save: manifest.json names the config file and each layer's uncompressed tar.
  const saved = join(work, 'saved');
  mkdirSync(saved);
  execFileSync('sh', ['-c', `docker save "$0" | tar -x -C "$1"`, BASE_IMAGE, saved]);
  const [savedManifest] = JSON.parse(readFileSync(join(saved, 'manifest.json'), 'utf8'));
  const baseConfig = JSON.parse(readFileSync(join(saved, savedManifest.Config), 'utf8'));
  const baseLayers = savedManifest.Layers.map((path) => readFileSync(join(saved, path)));

  const layerCache = new Map();
  const layer = (name, size) => {
    if (!layerCache.has(name)) layerCache.set(name, layerTar(name, size));
    return layerCache.get(name);
  };

  const caddyDigests = [];
  for (const [tag, extras] of Object.entries(TAGS)) {
    const tars = [...baseLayers, ...extras.map(([name, size]) => layer(name, size))];
    // The config lists the uncompressed digests (diff_ids); the manifest the gzipped blobs.
    const config = {
      ...baseConfig,
      created: '2026-01-01T00:00:00Z',
      rootfs: { type: 'layers', diff_ids: tars.map((t) => sha256(t)) },
      history: [...baseConfig.history, ...extras.map(([name]) => ({ created: '2026-01-01T00:00:00Z', created_by: `test-registry: add /blobs/${name}` }))],
    };
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: blob(Buffer.from(JSON.stringify(config)), 'application/vnd.docker.container.image.v1+json'),
        layers: tars.map((t) => blob(gzipSync(t, { level: 6 }), 'application/vnd.docker.image.rootfs.diff.tar.gzip')),
      }),
    );
    const digest = sha256(manifest);
    writeFileSync(join(repoDir, 'manifests', tag), manifest);
    writeFileSync(join(repoDir, 'manifests', digest), manifest);
    caddyDigests.push([`/v2/${REPO}/manifests/${tag}`, `/v2/${REPO}/manifests/${digest}`, digest]);
  }

  // A static file server cannot compute Docker-Content-Digest, so each manifest path gets its own
  // header line. Errors are the registry's JSON error codes: dockerd turns MANIFEST_UNKNOWN into
  // "manifest unknown", which is what a real registry answers for a missing tag.
  const matchers = caddyDigests
    .map(([byTag, byDigest, digest], i) => `\t@m${i} path ${byTag} ${byDigest}\n\theader @m${i} Docker-Content-Digest ${digest}`)
    .join('\n');
  writeFileSync(
    join(root, 'Caddyfile'),
    `# Generated by scripts/test-registry/build-layout.mjs: a read-only Docker registry for tests.
{
\tadmin off
\tauto_https off
}
http://${listen} {
\troot * ${root}
\theader Docker-Distribution-Api-Version registry/2.0
\t@manifests path_regexp ^/v2/.+/manifests/[^/]+$
\theader @manifests Content-Type application/vnd.docker.distribution.manifest.v2+json
${matchers}
\t@blobs path_regexp ^/v2/.+/blobs/[^/]+$
\theader @blobs Content-Type application/octet-stream
\trespond /v2/ "{}" 200
\tfile_server
\thandle_errors {
\t\theader Content-Type application/json
\t\t@missingManifest path_regexp ^/v2/.+/manifests/
\t\trespond @missingManifest \`{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}\` 404
\t\t@missingBlob path_regexp ^/v2/.+/blobs/
\t\trespond @missingBlob \`{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}\` 404
\t\trespond \`{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}\` 404
\t}
}
`,
  );
  writeFileSync(
    join(root, 'images.json'),
    JSON.stringify({ repository: REPO, tags: Object.fromEntries(caddyDigests.map(([byTag, , digest]) => [byTag.split('/').pop(), digest])) }, null, 2),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
