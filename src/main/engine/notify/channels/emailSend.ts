// The e-mail channel: one message over SMTP with nodemailer. TLS modes map onto nodemailer's
// options so that `starttls` cannot silently fall back to plain text (requireTLS) and `tls` speaks
// TLS from the first byte (secure). Errors carry nodemailer's code and the server's response, never
// the password.
import nodemailer from 'nodemailer';
import { AppError } from '../../../../shared/errors';
import type { NotifyTarget } from '../../../../shared/notify';
import type { NotifyMessage } from '../message';
import { SEND_TIMEOUT_MS } from './httpSend';

type EmailTarget = Extract<NotifyTarget, { kind: 'email' }>;

/** The mail as nodemailer takes it: pure, so its headers and text can be checked without a server. */
export function emailMail(target: EmailTarget, m: NotifyMessage) {
  const count = m.count > 1 ? `\n\nGrouped: ${m.count} occurrences from ${new Date(m.firstAt).toISOString()} to ${new Date(m.lastAt).toISOString()}.` : '';
  return {
    from: target.from,
    to: target.to,
    // Header values with CR/LF would start new headers: one line, whatever a container is called.
    subject: `[Tinyforge] ${m.title}`.replace(/[\r\n]+/g, ' '),
    text: `${m.body}${count}\n\n-- \nSent by Tinyforge (${m.kind}).`,
    headers: { 'X-Tinyforge-Event': m.kind },
  };
}

export async function sendEmail(target: EmailTarget, password: string | null, m: NotifyMessage, ctx: { channel: string; timeoutMs?: number }): Promise<void> {
  const timeout = ctx.timeoutMs ?? SEND_TIMEOUT_MS;
  const transport = nodemailer.createTransport({
    host: target.host.replace(/^\[|\]$/g, ''),
    port: target.port,
    secure: target.tls === 'tls',
    requireTLS: target.tls === 'starttls',
    ignoreTLS: target.tls === 'none',
    auth: target.username ? { user: target.username, pass: password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  try {
    await transport.sendMail(emailMail(target, m));
  } catch (error) {
    const e = error as { code?: string; response?: string; responseCode?: number; message?: string };
    const said = (e.response ?? e.message ?? String(error))
      .split(password && password.length >= 4 ? password : '\0')
      .join('***')
      .slice(0, 300);
    throw new AppError('NOTIFY_SEND_FAILED', `the SMTP server ${target.host}:${target.port} refused or could not be reached: ${said}`, {
      channel: ctx.channel,
      kind: 'email',
      host: `${target.host}:${target.port}`,
      status: e.responseCode ?? null,
      service: said,
    });
  } finally {
    transport.close();
  }
}
