// Errors that cross the contract. Electron keeps only an Error's message across IPC, so results
// travel as an envelope and the code survives in both shells.

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
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One schema problem: the dotted path of the field (`stages.0.name`, '' for the whole input). */
export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** With VALIDATION: every problem, by field, so a form can show each next to its input. */
  issues?: ValidationIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** An error meant for the user: a stable code plus a message that says what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Field problems only the engine can find (a name already taken), placed on the form's fields. */
  readonly issues?: ValidationIssue[];
  constructor(code: ErrorCode, message: string, issues?: ValidationIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (issues) this.issues = issues;
  }
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
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'CallError';
    this.code = info.code;
    this.issues = info.issues ?? [];
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new CallError(envelope.error);
}
