// The project form's state as typed (every field a string) and its conversion to the call's input.
// Empty optional fields become null or are left out so the contract's defaults apply; numbers that
// do not parse are passed on as NaN for the schema to name, rather than silently dropped.
import type { CallInput } from '../../shared/contract';
import type { StageView } from '../../shared/types';
import { formatEnvLines, parseEnvLines } from './envLines';
import type { FormIssue } from './formIssues';

export interface StageDraft {
  /** A stable React key: stage names change as the user types. */
  key: number;
  name: string;
  imageTag: string;
  port: string;
  healthCheckPath: string;
  healthTimeoutSec: string;
  subdomain: string;
  maxInstances: string;
  env: string;
}

export interface ProjectDraft {
  hostId: string;
  name: string;
  imageRepository: string;
  stages: StageDraft[];
}

export function newStageDraft(key: number, name = ''): StageDraft {
  return {
    key,
    name,
    imageTag: 'latest',
    port: '',
    healthCheckPath: '',
    healthTimeoutSec: '60',
    subdomain: '',
    maxInstances: '2',
    env: '',
  };
}

export function newProjectDraft(hostId: string): ProjectDraft {
  return { hostId, name: '', imageRepository: '', stages: [newStageDraft(1, 'production')] };
}

function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

function numberOrDefault(text: string): number | undefined {
  return numberOrNull(text) ?? undefined;
}

function textOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** One stage's draft as the contract's stage input; env lines that do not parse become issues at `${prefix}.env`. */
export function stageInputFromDraft(stage: StageDraft, prefix: string): { stage: CallInput<'stages.add'>['stage']; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const { env, problems } = parseEnvLines(stage.env);
  for (const problem of problems) {
    issues.push({ path: `${prefix}.env`, message: `line ${problem.line}: ${problem.kind}`, env: problem });
  }
  return {
    stage: {
      name: stage.name.trim(),
      imageTag: stage.imageTag.trim() === '' ? undefined : stage.imageTag.trim(),
      env,
      port: numberOrNull(stage.port),
      healthCheckPath: textOrNull(stage.healthCheckPath),
      healthTimeoutSec: numberOrDefault(stage.healthTimeoutSec),
      subdomain: textOrNull(stage.subdomain),
      maxInstances: numberOrDefault(stage.maxInstances),
    },
    issues,
  };
}

/** A saved stage as the form's draft, for editing. */
export function stageDraftFromView(stage: StageView, key = 1): StageDraft {
  return {
    key,
    name: stage.name,
    imageTag: stage.imageTag,
    port: stage.port === null ? '' : String(stage.port),
    healthCheckPath: stage.healthCheckPath ?? '',
    healthTimeoutSec: String(stage.healthTimeoutSec),
    subdomain: stage.subdomain ?? '',
    maxInstances: String(stage.maxInstances),
    env: formatEnvLines(stage.env),
  };
}

export function projectInputFromDraft(draft: ProjectDraft): {
  input: CallInput<'workloads.createProject'>;
  issues: FormIssue[];
} {
  const converted = draft.stages.map((stage, index) => stageInputFromDraft(stage, `stages.${index}`));
  return {
    input: { hostId: draft.hostId, name: draft.name.trim(), imageRepository: draft.imageRepository.trim(), stages: converted.map((c) => c.stage) },
    issues: converted.flatMap((c) => c.issues),
  };
}
