// A site's manifest, built entry by entry as a source is read: the limits counted on what is
// actually read, the tree's shape checked (nothing twice, nothing under a file or a symlink), the
// symlinks resolved against the whole tree, and one content hash that is the same whatever the
// source's kind, its order or its timestamps.
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { ancestorsOf, resolveInside } from './sitePaths';

export type SiteEntryKind = 'file' | 'dir' | 'symlink';

export interface SiteEntry {
  /** Relative POSIX path, no leading `./`, no trailing `/`. */
  path: string;
  kind: SiteEntryKind;
  /** Normalised: 0644 or 0755 for files (executable or not), 0755 for folders, 0777 for symlinks. */
  mode: number;
  /** Bytes of content (files); 0 otherwise. */
  size: number;
  /** Seconds since the epoch, as the source has it (not part of the content hash). */
  mtime: number;
  /** Symlinks: the target as written (relative, resolving inside the site). */
  target?: string;
  /** Files: sha256 of the content, hex; absent in a shallow manifest (see scanSite), until the copy reads the file. */
  sha256?: string;
}

export type SiteWarning = { code: 'INDEX_HTML_MISSING'; entry: 'index.html' };

export interface SiteManifest {
  /** Sorted by path; folders that an archive only implies are listed too. */
  entries: SiteEntry[];
  files: number;
  bytes: number;
  /**
   * sha256 over the sorted entries: path, kind, executable or not, symlink target, file content.
   * Null in a shallow manifest (its files not read yet): the copy computes it.
   */
  contentHash: string | null;
  /**
   * sha256 over what the listing alone tells: paths, kinds, modes, sizes, modification times,
   * symlink targets. Equal shapes are what makes reading the contents first worth it (see
   * SiteService.deploy); unequal shapes may still hold equal contents (a rebuild that rewrote
   * every file), which the copy finds out.
   */
  shapeHash: string;
  warnings: SiteWarning[];
}

export interface SiteLimits {
  /** Entries of any kind, folders an archive only implies included. */
  maxEntries: number;
  /** Bytes read from the source (file contents, and an archive's metadata headers). */
  maxBytes: number;
}

export const DEFAULT_SITE_LIMITS: SiteLimits = { maxEntries: 100_000, maxBytes: 2 * 1024 ** 3 };

export function normalisedMode(kind: SiteEntryKind, mode: number): number {
  if (kind === 'symlink') return 0o777;
  if (kind === 'dir') return 0o755;
  return mode & 0o111 ? 0o755 : 0o644;
}

export class ManifestBuilder {
  private readonly byPath = new Map<string, SiteEntry>();
  /** Folders the source listed itself (the others were created for an entry's parents). */
  private readonly listed = new Set<string>();
  private entryCount = 0;
  private readBytes = 0;

  constructor(
    private readonly limits: SiteLimits,
    private readonly sourcePath: string,
  ) {}

  countEntry(name: string): void {
    this.entryCount += 1;
    if (this.entryCount > this.limits.maxEntries) {
      throw new AppError('SITE_TOO_MANY_FILES', `The site has more than ${this.limits.maxEntries} entries; "${name}" is one too many. Nothing was uploaded.`, {
        entry: name,
        limit: this.limits.maxEntries,
      });
    }
  }

  /** Called as bytes arrive (never with a header's claim), so a lying header cannot get past it. */
  countBytes(bytes: number, name: string): void {
    this.readBytes += bytes;
    if (this.readBytes > this.limits.maxBytes) {
      throw new AppError('SITE_TOO_LARGE', `The site unpacks to more than ${this.limits.maxBytes} bytes; reading stopped at "${name}". Nothing was uploaded.`, {
        entry: name,
        limit: this.limits.maxBytes,
        readBytes: this.readBytes,
      });
    }
  }

  /** Checks the claimed entry count before reading (a zip's central directory states it). */
  checkClaimedEntries(count: number): void {
    if (count > this.limits.maxEntries) {
      throw new AppError('SITE_TOO_MANY_FILES', `The archive lists ${count} entries, more than the limit of ${this.limits.maxEntries}. Nothing was uploaded.`, {
        entry: '',
        limit: this.limits.maxEntries,
      });
    }
  }

  add(entry: SiteEntry): void {
    for (const ancestor of ancestorsOf(entry.path)) {
      const existing = this.byPath.get(ancestor);
      if (existing === undefined) {
        this.countEntry(ancestor);
        this.byPath.set(ancestor, { path: ancestor, kind: 'dir', mode: 0o755, size: 0, mtime: entry.mtime });
      } else if (existing.kind === 'symlink') {
        throw new AppError(
          'SITE_PATH_UNSAFE',
          `The entry "${entry.path}" lies under the symlink "${ancestor}", so it would be written wherever that link points.`,
          {
            entry: entry.path,
            symlink: ancestor,
          },
        );
      } else if (existing.kind === 'file') {
        throw new AppError('SITE_ARCHIVE_INVALID', `${this.sourcePath} has the entry "${entry.path}" under "${ancestor}", which is a file.`, {
          path: this.sourcePath,
          entry: entry.path,
        });
      }
    }
    const existing = this.byPath.get(entry.path);
    if (existing !== undefined) {
      // A folder seen first as some entry's parent and listed later is the same folder.
      if (!(existing.kind === 'dir' && entry.kind === 'dir' && !this.listed.has(entry.path))) {
        throw new AppError('SITE_ARCHIVE_INVALID', `${this.sourcePath} holds "${entry.path}" twice; which one is meant is ambiguous.`, {
          path: this.sourcePath,
          entry: entry.path,
        });
      }
    }
    if (entry.kind === 'dir') this.listed.add(entry.path);
    this.byPath.set(entry.path, { ...entry, mode: normalisedMode(entry.kind, entry.mode) });
  }

  finish(): SiteManifest {
    const entries = [...this.byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const links = new Map(entries.filter((e) => e.kind === 'symlink').map((e) => [e.path, e.target ?? '']));
    for (const [path, target] of links) {
      if (resolveInside(path, links) === null) {
        throw new AppError('SITE_SYMLINK_OUTSIDE', `The symlink "${path}" points to "${target}", which resolves outside the site (or loops).`, {
          entry: path,
          target,
        });
      }
    }
    const files = entries.filter((e) => e.kind === 'file');
    if (files.length === 0) {
      throw new AppError('SITE_EMPTY', `${this.sourcePath} holds no files. Choose a folder or archive with the site's files.`, { path: this.sourcePath });
    }
    const index = this.byPath.get('index.html');
    const warnings: SiteWarning[] = index && index.kind !== 'dir' ? [] : [{ code: 'INDEX_HTML_MISSING', entry: 'index.html' }];
    return {
      entries,
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      contentHash: files.every((f) => f.sha256 !== undefined) ? contentHashOf(entries) : null,
      shapeHash: shapeHashOf(entries),
      warnings,
    };
  }
}

/**
 * The hash of what a visitor could tell apart: paths, kinds, whether a file is executable, symlink
 * targets and file contents. Timestamps, owners and the source's order are left out, so the same
 * site from a folder, a tar or a zip hashes the same, and an unchanged re-upload is recognisable.
 */
export function contentHashOf(entries: readonly SiteEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) {
    const detail = e.kind === 'file' ? `${e.mode & 0o111 ? 'x' : '-'}\0${e.sha256 ?? ''}` : e.kind === 'symlink' ? (e.target ?? '') : '';
    hash.update(`${e.kind}\0${e.path}\0${detail}\n`);
  }
  return hash.digest('hex');
}

/** The hash of an entry list's shape: everything but the file contents, modification times included. */
export function shapeHashOf(entries: readonly SiteEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) hash.update(`${e.kind}\0${e.path}\0${e.mode}\0${e.size}\0${e.mtime}\0${e.target ?? ''}\n`);
  return hash.digest('hex');
}
