// The first label of a site's public name, `<label>.<domain>`: its subdomain, or one made from its
// name (lower-case letters, digits and dashes, at most 63 characters, as DNS allows).
export function siteLabel(name: string, subdomain: string | null): string {
  if (subdomain) return subdomain;
  const made = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return made || 'site';
}
