// Posts one channel request. A send either resolves (the service took it) or throws an AppError
// NOTIFY_SEND_FAILED whose message and details never carry the secret (a webhook URL is a token;
// a Telegram URL holds the bot token): only the host, the status and the service's own words.
import { AppError } from '../../../../shared/errors';
import type { HttpRequest } from './payloads';

export const SEND_TIMEOUT_MS = 10_000;

export interface SendContext {
  channel: string;
  kind: string;
  /** Strings to blank out of anything echoed back (the secret itself). */
  secrets: string[];
  signal?: AbortSignal;
  timeoutMs?: number;
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

function failure(ctx: SendContext, message: string, details: Record<string, string | number | null>): AppError {
  return new AppError('NOTIFY_SEND_FAILED', scrub(message, ctx.secrets), { channel: ctx.channel, kind: ctx.kind, ...details });
}

export async function postJson(request: HttpRequest, ctx: SendContext): Promise<void> {
  const host = new URL(request.url).host;
  const timeout = AbortSignal.timeout(ctx.timeoutMs ?? SEND_TIMEOUT_MS);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Tinyforge', ...request.headers },
      body: JSON.stringify(request.body),
      // A redirect would carry the message (and an ntfy token) to an address the user never gave.
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = timeout.aborted
      ? `no answer within ${(ctx.timeoutMs ?? SEND_TIMEOUT_MS) / 1000} s`
      : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw failure(ctx, `could not reach ${host}: ${why}`, { host, status: null, service: why });
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 300) {
    const said = serviceWords(text);
    throw failure(ctx, `${host} answered HTTP ${response.status}${said ? `: ${said}` : ''}`, {
      host,
      status: response.status,
      service: scrub(said, ctx.secrets),
    });
  }
  // Telegram answers 200 with {ok:false} in some proxies' hands; trust the body when it says so.
  if (ctx.kind === 'telegram') {
    const parsed = safeJson(text) as { ok?: unknown; description?: unknown } | null;
    if (!parsed || parsed.ok !== true) {
      const said = typeof parsed?.description === 'string' ? parsed.description : 'the answer was not {"ok":true}';
      throw failure(ctx, `${host} refused the message: ${said}`, { host, status: response.status, service: scrub(said, ctx.secrets) });
    }
  }
}

/** The service's own description of a refusal: Telegram's `description`, Discord's `message`, else the text. */
function serviceWords(text: string): string {
  const parsed = safeJson(text) as { description?: unknown; message?: unknown; error?: unknown } | null;
  const said = parsed ? (parsed.description ?? parsed.message ?? parsed.error) : text;
  return (typeof said === 'string' ? said : text).replace(/\s+/g, ' ').trim().slice(0, 300);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
