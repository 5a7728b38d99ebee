// Errors that cross the contract. Electron keeps only an Error's message across IPC, so results
// travel as an envelope and the code survives in both shells. An error is data: a stable code, a
// message for people (never with the code pasted in front), and optional details the renderer
// words its own sentence from. Nothing may parse the message to learn what happened.

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'WORKLOAD_HAS_CONTAINERS',
  'DOCKER_UNREACHABLE',
  'FORBIDDEN',
  'UNKNOWN_CALL',
  'HOST_HAS_WORKLOADS',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_UNREACHABLE',
  'SSH_REFUSED',
  'SSH_TIMEOUT',
  'SSH_AUTH_FAILED',
  'SSH_KEY_UNREADABLE',
  'SSH_BAD_PASSPHRASE',
  'SSH_PASSPHRASE_NEEDED',
  'SSH_AGENT_UNAVAILABLE',
  'DOCKER_PERMISSION_DENIED',
  'DOCKER_NOT_FOUND',
  'DEPLOY_IN_PROGRESS',
  /** The reverse proxy cannot be reached or made ready (container, admin API, NPM login). */
  'PROXY_UNAVAILABLE',
  /** The reverse proxy answered but refused a change (a bad route, a 4xx/5xx from its API). */
  'PROXY_REFUSED',
  /** A registry wants a login and the pull carried none (add credentials in Settings). */
  'IMAGE_PULL_DENIED',
  /** A registry refused the saved (or tested) login. */
  'REGISTRY_AUTH_FAILED',
  /** A registry could not be reached from the Docker host (refused, unknown name, timeout). */
  'REGISTRY_UNREACHABLE',
  /** A registry answered 429: no request goes to it before its Retry-After (details: registry, retryAt). */
  'REGISTRY_RATE_LIMITED',
  /** A pull found no such repository or tag. */
  'IMAGE_NOT_FOUND',
  /** A pull stalled or ran past its time limit. */
  'IMAGE_PULL_TIMEOUT',
  /** A pull failed for a reason Docker did not make clear. */
  'IMAGE_PULL_FAILED',
  /** A deploy's new container ended during its health wait (details: exitCode, oomKilled, logTail). */
  'DEPLOY_CONTAINER_EXITED',
  /** Another Tinyforge holds the data folder (details: pid, dataDir, lockFile). */
  'ALREADY_RUNNING',
  /** The database was written by a newer Tinyforge (details: version, latest). */
  'DATABASE_FROM_NEWER_VERSION',
  /** Another operation on the stack is running (details: running, operationId). */
  'STACK_BUSY',
  /** A compose file failed its checks (details: problems, each with line, column, path and message). */
  'COMPOSE_INVALID',
  /** The connection to the host dropped during a command (details: host, command, started): its outcome on the host is unknown. */
  'HOST_CONNECTION_LOST',
  /** A command on the Docker host ran past its time limit and was stopped (details: command, timeoutMs). */
  'HOST_COMMAND_TIMEOUT',
  /** Neither `docker compose` nor `docker-compose` runs on the Docker host. */
  'COMPOSE_NOT_FOUND',
  /** The compose CLI exited nonzero; the message is its own (details: exitCode, output). */
  'COMPOSE_FAILED',
  /** The compose CLI printed output that cannot be read (details: sample). */
  'COMPOSE_OUTPUT_INVALID',
  /** A site entry's path is absolute, climbs out with `..`, or holds a backslash or NUL (details: entry). */
  'SITE_PATH_UNSAFE',
  /** A site symlink resolves outside the site's root (details: entry, target). */
  'SITE_SYMLINK_OUTSIDE',
  /** A site holds a device, FIFO, socket or hard link (details: entry, type). */
  'SITE_SPECIAL_FILE',
  /** A site has more entries than the limit (details: entry, limit). */
  'SITE_TOO_MANY_FILES',
  /** A site unpacks to more bytes than the limit, counted while reading (details: entry, limit). */
  'SITE_TOO_LARGE',
  /** A site archive is not a tar, tar.gz or zip, or is corrupt, truncated or encrypted (details: entry, path). */
  'SITE_ARCHIVE_INVALID',
  /** A site has no files (details: path). */
  'SITE_EMPTY',
  /** A site's folder or archive cannot be read (details: path, entry). */
  'SITE_SOURCE_UNREADABLE',
  /** A site's files changed between the scan and the upload (details: entry). */
  'SITE_SOURCE_CHANGED',
  /**
   * A confirmed stale removal no longer matches what is there: some item changed since the dry run
   * (details: refused, one { kind, name, why } per item). Nothing was removed.
   */
  'STALE_CHANGED',
  /**
   * A notification channel's service refused or could not be reached (details: channel, kind, status
   * when it answered, service: the service's own description).
   */
  'NOTIFY_SEND_FAILED',
  /** A notification channel's credential is not known in this session (details: channel). */
  'NOTIFY_SECRET_UNKNOWN',
  /** The DNS provider (an RFC 2136 server, Cloudflare's API) cannot be reached or timed out (details: server). */
  'DNS_UNREACHABLE',
  /** The DNS provider refused our credentials: a wrong TSIG key or secret, a bad Cloudflare token (details: reason). */
  'DNS_AUTH_FAILED',
  /** A record of that name exists that the app did not create: it is never overwritten (details: name). */
  'DNS_RECORD_EXISTS',
  /** The DNS provider answered but refused or failed the change (details: rcode or status). */
  'DNS_REFUSED',
  /** The DNS provider sent an answer that cannot be read (details: server). */
  'DNS_PROTOCOL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One schema problem: the dotted path of the field (`stages.0.name`, '' for the whole input). */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What the renderer needs to word an error without reading its message: fingerprints and the host
 * (SSH_HOST_KEY_CHANGED), the containers still there (WORKLOAD_HAS_CONTAINERS), and so on. Plain
 * JSON, so it crosses both shells unchanged.
 */
export type ErrorDetails = { [key: string]: JsonValue };

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** With VALIDATION: every problem, by field, so a form can show each next to its input. */
  issues?: ValidationIssue[];
  details?: ErrorDetails;
}

/** An error as a view carries it (a host's reason, a proxy's failure): the same shape as the envelope's. */
export type Problem = ErrorInfo;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/**
 * An error meant for the user: a stable code, a message that says what to do (without the code in
 * it), and details for the renderer's own words.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Field problems only the engine can find (a name already taken), placed on the form's fields. */
  readonly issues?: ValidationIssue[];
  readonly details?: ErrorDetails;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails, issues?: ValidationIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (issues) this.issues = issues;
    if (details) this.details = details;
  }

  /** The error as it crosses the contract or sits in a view. */
  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/**
 * Any thrown value as an ErrorInfo for a view: an AppError as it is, an error that carries a known
 * code (a pull's, a deploy's) with its code, anything else as INTERNAL with its message.
 */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  const e = error as { code?: unknown; details?: unknown } | null;
  if (typeof e === 'object' && e !== null && (ERROR_CODES as readonly unknown[]).includes(e.code)) {
    const details = isPlainObject(e.details) ? { details: e.details as ErrorDetails } : {};
    return { code: e.code as ErrorCode, message, ...details };
  }
  return { code: 'INTERNAL', message };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(v.code);
}

/** What the renderer throws when an envelope carries an error. */
export class CallError extends Error {
  readonly code: ErrorCode;
  readonly issues: ValidationIssue[];
  readonly details: ErrorDetails;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'CallError';
    this.code = info.code;
    this.issues = info.issues ?? [];
    this.details = info.details ?? {};
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new CallError(envelope.error);
}
