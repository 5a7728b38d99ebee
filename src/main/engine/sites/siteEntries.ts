// What every site source (folder, tar, zip) yields: its entries in its own order, each file with a
// body to read once, before the next entry. The scan and the upload both walk a source through
// this one shape, so the checks cannot differ between them or between the kinds of source.
import { AppError } from '../../../shared/errors';

export type SiteSource = { kind: 'folder'; path: string } | { kind: 'archive'; path: string };

export type RawKind = 'file' | 'dir' | 'symlink' | 'special' | 'hardlink';

export interface RawEntry {
  /** The name as the source spells it (decoded, not yet checked). */
  name: string;
  kind: RawKind;
  /** For special entries: what they are (`fifo`, `character-device`, `socket`, ...). */
  special?: string;
  /** Permission bits as the source gives them (only the executable bits are kept). */
  mode: number;
  /** The size the source claims (a header, lstat); never trusted: the body is counted. */
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  target?: string;
  /**
   * Files only: the content, to be read to its end (or abandoned by throwing) before the next
   * entry. A consumer that is done with each chunk before it asks for the next may lend a scratch
   * buffer for the source to read into (a source may ignore it).
   */
  body?: (scratch?: Buffer) => AsyncIterable<Buffer>;
}

/** The bytes a symlink target may take in an archive that stores it as content (zip). */
export const MAX_SYMLINK_TARGET = 4096;

export function unreadable(path: string, why: string, entry?: string): AppError {
  return new AppError('SITE_SOURCE_UNREADABLE', `${entry ? `"${entry}" in ` : ''}${path} cannot be read: ${why}.`, {
    path,
    ...(entry ? { entry } : {}),
  });
}

export function archiveInvalid(path: string, why: string, entry?: string): AppError {
  return new AppError('SITE_ARCHIVE_INVALID', `${path} is not a readable tar, tar.gz or zip archive${entry ? ` at "${entry}"` : ''}: ${why}.`, {
    path,
    ...(entry ? { entry } : {}),
  });
}

/** A file-system error as the site's error: the path cannot be read (missing, denied, not a file). */
export function fsError(path: string, error: unknown, entry?: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ELOOP'
          ? 'it is a symlink where a file was expected'
          : code === 'EISDIR'
            ? 'it is a folder where a file was expected'
            : code === 'ENOTDIR'
              ? 'a part of its path is not a folder'
              : error instanceof Error
                ? error.message
                : String(error);
  return unreadable(path, why, entry);
}
