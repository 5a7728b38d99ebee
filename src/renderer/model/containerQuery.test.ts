import { describe, expect, it } from 'vitest';
import { EMPTY_CONTAINER_QUERY, clearFilters, hasFilters, parseContainerQuery, serializeContainerQuery, toggleSort } from './containerQuery';

describe('parseContainerQuery', () => {
  it('reads kind, state, search and sort from the URL', () => {
    const query = parseContainerQuery(new URLSearchParams('kind=project&state=running&q=api&sort=name&dir=desc'));
    expect(query).toEqual({ host: null, kind: 'project', state: 'running', q: 'api', sort: 'name', desc: true });
  });

  it('reads the host, even one not listed yet (the host list loads on its own)', () => {
    expect(parseContainerQuery(new URLSearchParams('host=h-prod')).host).toBe('h-prod');
    expect(parseContainerQuery(new URLSearchParams(`host=${'x'.repeat(65)}`)).host).toBeNull();
    expect(parseContainerQuery(new URLSearchParams('host=')).host).toBeNull();
    expect(parseContainerQuery(new URLSearchParams('host=%20local')).host).toBeNull();
  });

  it('drops values it does not know instead of filtering by them', () => {
    const query = parseContainerQuery(new URLSearchParams('kind=vm&state=zombie&sort=size&dir=desc'));
    expect(query).toEqual(EMPTY_CONTAINER_QUERY);
  });

  it('reads an empty URL as no filters', () => {
    expect(parseContainerQuery(new URLSearchParams())).toEqual(EMPTY_CONTAINER_QUERY);
  });
});

describe('serializeContainerQuery', () => {
  it('round-trips through the URL', () => {
    const query = { host: 'h-prod', kind: 'stack', state: 'missing', q: 'web db', sort: 'host', desc: false } as const;
    expect(parseContainerQuery(serializeContainerQuery(query))).toEqual(query);
  });

  it('writes nothing for the defaults', () => {
    expect(serializeContainerQuery(EMPTY_CONTAINER_QUERY).toString()).toBe('');
  });

  it('writes the parameters in a stable order', () => {
    const params = serializeContainerQuery({ host: 'local', kind: 'site', state: 'exited', q: 'blog', sort: null, desc: false });
    expect(params.toString()).toBe('host=local&kind=site&state=exited&q=blog');
  });
});

describe('filters and sort helpers', () => {
  it('treats whitespace-only search as no filter', () => {
    expect(hasFilters({ ...EMPTY_CONTAINER_QUERY, q: '   ' })).toBe(false);
    expect(hasFilters({ ...EMPTY_CONTAINER_QUERY, state: 'dead' })).toBe(true);
    expect(hasFilters({ ...EMPTY_CONTAINER_QUERY, host: 'local' })).toBe(true);
  });

  it('clears filters but keeps the sort', () => {
    const query = { host: 'local', kind: 'project', state: 'running', q: 'x', sort: 'image', desc: true } as const;
    expect(clearFilters(query)).toEqual({ ...EMPTY_CONTAINER_QUERY, sort: 'image', desc: true });
  });

  it('cycles a column through ascending, descending and unsorted', () => {
    const asc = toggleSort(EMPTY_CONTAINER_QUERY, 'name');
    const desc = toggleSort(asc, 'name');
    const none = toggleSort(desc, 'name');
    expect([asc.sort, asc.desc, desc.sort, desc.desc, none.sort]).toEqual(['name', false, 'name', true, null]);
    expect(toggleSort(desc, 'state')).toMatchObject({ sort: 'state', desc: false });
  });
});
