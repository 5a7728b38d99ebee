// A host's proxy settings as typed (the port as a string) and their conversion to hosts.setProxy's
// input. The NPM password is not part of the draft: it lives in its own state, is sent only when
// typed (an empty field keeps the one the engine knows), and is cleared as soon as it is sent.
import type { CallInput } from '../../shared/contract';
import type { HostView, ProxyKind } from '../../shared/types';

export const PROXY_KINDS: readonly ProxyKind[] = ['caddy', 'npm', 'none'];

export interface ProxyDraft {
  kind: ProxyKind;
  domain: string;
  httpPort: string;
  /** The managed Caddy's image. */
  image: string;
  npmUrl: string;
  npmEmail: string;
}

export function proxyDraftOf(host: HostView): ProxyDraft {
  const p = host.proxy;
  return { kind: p.kind, domain: p.domain, httpPort: String(p.httpPort), image: p.image, npmUrl: p.npm?.url ?? '', npmEmail: p.npm?.email ?? '' };
}

/** Text that is not a number goes on as NaN, for the schema to name the field. */
function port(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export function proxyInputFrom(id: string, draft: ProxyDraft, password: string): CallInput<'hosts.setProxy'> {
  switch (draft.kind) {
    case 'caddy':
      return { id, proxy: { kind: 'caddy', domain: draft.domain, httpPort: port(draft.httpPort), image: draft.image } };
    case 'npm':
      return {
        id,
        proxy: { kind: 'npm', domain: draft.domain, npm: { url: draft.npmUrl, email: draft.npmEmail, ...(password === '' ? {} : { password }) } },
      };
    case 'none':
      return { id, proxy: { kind: 'none' } };
  }
}

/** The public address a stage with `subdomain` gets on this host, for the form's example line. */
export function exampleRoute(draft: ProxyDraft, subdomain: string): string | null {
  const domain = draft.domain.trim().toLowerCase();
  // Only for something that looks like a domain: "api.https://x" would teach the wrong thing.
  const plausible = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain);
  return draft.kind === 'none' || !plausible ? null : `${subdomain}.${domain}`;
}
