// Type tests: checked by the typecheck `npm test` runs (tsc), not executed by vitest. They pin the
// contract's shape: a call added, renamed or retyped in a domain file shows up here.
import { describe, expectTypeOf, it } from 'vitest';
import type { CallInput, CallName, CallOutput, ParsedInput } from './index';
import type { AdoptPreview, ContainerView, ForeignGroup, HostView, StackOperationView, WorkloadView } from '../types';
import type { containerCalls } from './containers';
import type { dnsCalls } from './dns';
import type { execCalls } from './exec';
import type { hostCalls } from './hosts';
import type { projectCalls } from './projects';
import type { registryCalls } from './registries';
import type { registryWatchCalls } from './registryWatch';
import type { siteCalls } from './sites';
import type { stackCalls } from './stacks';
import type { statsCalls } from './stats';
import type { systemCalls } from './system';
import type { staleCalls } from './stale';
import type { workloadCalls } from './workloads';
import type { webhookCalls } from './webhooks';
import type { notifyCalls } from './notify';

describe('contract', () => {
  it('is exactly the union of the domain files', () => {
    type Merged =
      | keyof typeof systemCalls
      | keyof typeof hostCalls
      | keyof typeof containerCalls
      | keyof typeof workloadCalls
      | keyof typeof projectCalls
      | keyof typeof stackCalls
      | keyof typeof siteCalls
      | keyof typeof registryCalls
      | keyof typeof registryWatchCalls
      | keyof typeof staleCalls
      | keyof typeof execCalls
      | keyof typeof statsCalls
      | keyof typeof webhookCalls
      | keyof typeof notifyCalls
      | keyof typeof dnsCalls;
    expectTypeOf<CallName>().toEqualTypeOf<Merged>();
  });

  it('shows a webhook secret only in the rotation answer', () => {
    expectTypeOf<CallOutput<'webhooks.rotateSecret'>>().toEqualTypeOf<{ secret: string; createdAt: number }>();
    expectTypeOf<CallOutput<'webhooks.get'>['secret']>().not.toHaveProperty('secret');
  });

  it('types a registry watch with one of stage or service, and a mode', () => {
    expectTypeOf<CallInput<'registryWatch.set'>>().toEqualTypeOf<{
      workloadId: string;
      stageId?: string;
      service?: string;
      mode: 'off' | 'notify' | 'deploy';
    }>();
  });

  it('keeps the DNS secret write-only: it goes in with the settings and never comes back out', () => {
    expectTypeOf<CallOutput<'dns.settings'>>().not.toHaveProperty('token');
    expectTypeOf<CallOutput<'dns.settings'>['secret']>().toEqualTypeOf<'keychain' | 'session' | 'none'>();
    expectTypeOf<ParsedInput<'dns.setSettings'>['settings']>().toHaveProperty('kind');
  });

  it('types stats history with its range optional for callers', () => {
    expectTypeOf<CallInput<'stats.history'>>().toEqualTypeOf<{ scope: 'container' | 'workload' | 'host'; id: string; range?: '1h' | '24h' | '7d' | '90d' }>();
    expectTypeOf<CallOutput<'stats.history'>['series'][number]['cpu']>().toEqualTypeOf<(number | null)[]>();
  });

  it('carries inputs with defaults optional for callers and filled in for handlers', () => {
    expectTypeOf<CallInput<'workloads.createSite'>>().toEqualTypeOf<{ hostId?: string; name: string; sourceDir?: string }>();
    expectTypeOf<ParsedInput<'workloads.createSite'>>().toEqualTypeOf<{ hostId: string; name: string; sourceDir: string }>();
    expectTypeOf<CallInput<'containers.trust'>>().toEqualTypeOf<{ id: string; workloadId: string; trusted: boolean }>();
    expectTypeOf<ParsedInput<'stacks.run'>['operation']>().toEqualTypeOf<
      | { kind: 'deploy'; pull: boolean }
      | { kind: 'update' | 'pull' | 'stop' | 'start' | 'restart' }
      | { kind: 'restart-service'; service: string }
      | { kind: 'down'; removeVolumes: boolean; confirmName: string }
      | { kind: 'rollback'; versionId: string }
    >();
  });

  it('answers with the view types', () => {
    expectTypeOf<CallOutput<'containers.list'>>().toEqualTypeOf<ContainerView[]>();
    expectTypeOf<CallOutput<'containers.trust'>>().toEqualTypeOf<ContainerView>();
    expectTypeOf<CallOutput<'hosts.list'>>().toEqualTypeOf<HostView[]>();
    expectTypeOf<CallOutput<'workloads.get'>>().toEqualTypeOf<WorkloadView>();
    expectTypeOf<CallOutput<'stacks.run'>>().toEqualTypeOf<StackOperationView>();
    expectTypeOf<CallOutput<'stacks.foreign'>>().toEqualTypeOf<ForeignGroup[]>();
    expectTypeOf<CallOutput<'stacks.adoptPreview'>>().toEqualTypeOf<AdoptPreview>();
    expectTypeOf<ParsedInput<'workloads.createStack'>['adopt']>().toEqualTypeOf<boolean | undefined>();
  });
});
