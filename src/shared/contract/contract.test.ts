// The contract is merged from one file per domain: a call name must live in exactly one of them (a
// spread would let a second definition silently replace the first).
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from './index';
import { containerCalls } from './containers';
import { dnsCalls } from './dns';
import { execCalls } from './exec';
import { hostCalls } from './hosts';
import { projectCalls } from './projects';
import { registryCalls } from './registries';
import { registryWatchCalls } from './registryWatch';
import { siteCalls } from './sites';
import { statsCalls } from './stats';
import { stackCalls } from './stacks';
import { systemCalls } from './system';
import { workloadCalls } from './workloads';
import { staleCalls } from './stale';
import { webhookCalls } from './webhooks';
import { notifyCalls } from './notify';

const DOMAINS = {
  systemCalls,
  hostCalls,
  containerCalls,
  workloadCalls,
  projectCalls,
  stackCalls,
  siteCalls,
  registryCalls,
  registryWatchCalls,
  staleCalls,
  execCalls,
  statsCalls,
  webhookCalls,
  notifyCalls,
  dnsCalls,
};

describe('the contract by domain', () => {
  it('names every call in exactly one domain file, and loses none in the merge', () => {
    const all = Object.values(DOMAINS).flatMap((calls) => Object.keys(calls));
    expect(new Set(all).size).toBe(all.length);
    expect([...CALL_NAMES].sort()).toEqual([...all].sort());
    expect(CALL_NAMES.length).toBeGreaterThan(40);
  });
});
