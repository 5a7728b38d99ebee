// Which stage of a project a delivery deploys, and with which image tag. Pure.
// A delivery may name them (`{"stage": "staging", "tag": "1.4.2"}`, what a CI script sends), or be a
// push whose `ref` the project's mapping turns into a target: a branch deploys a stage with the tag
// that stage is set to (re-pulled), a tag deploys the stage the mapping names with the git tag as
// the image tag. A push the mapping does not cover is ignored, not refused: a repository pushes many
// branches and only some of them deploy.

export interface RefMapping {
  /** Branch name -> stage name. */
  branches: { branch: string; stage: string }[];
  /** The stage a pushed git tag deploys, with the git tag as its image tag; null: tags deploy nothing. */
  tagStage: string | null;
}

export const DEFAULT_REF_MAPPING: RefMapping = { branches: [{ branch: 'main', stage: 'production' }], tagStage: 'production' };

export type ProjectTarget =
  { kind: 'deploy'; stage: string; imageTag: string | undefined; why: string } | { kind: 'ignored'; why: string } | { kind: 'invalid'; why: string };

const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const STAGE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function stringField(body: Record<string, unknown>, key: string): string | undefined | null {
  const value = body[key];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** The target of a delivery's parsed JSON body for a project with these stage names. */
export function projectTarget(body: unknown, mapping: RefMapping, stages: readonly string[], event: string): ProjectTarget {
  if (event === 'ping') return { kind: 'ignored', why: 'ping' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { kind: 'invalid', why: 'the body is not a JSON object' };
  const fields = body as Record<string, unknown>;
  const stage = stringField(fields, 'stage');
  const tag = stringField(fields, 'tag');
  if (stage !== undefined) {
    if (stage === null || !STAGE.test(stage)) return { kind: 'invalid', why: '"stage" must be a stage name' };
    if (tag === null || (tag !== undefined && !IMAGE_TAG.test(tag))) return { kind: 'invalid', why: '"tag" must be a Docker tag such as 1.4.2' };
    if (!stages.includes(stage)) return { kind: 'invalid', why: `the project has no stage ${stage}` };
    return { kind: 'deploy', stage, imageTag: tag, why: `stage ${stage} named in the body` };
  }
  if (tag !== undefined) return { kind: 'invalid', why: '"tag" needs a "stage"' };
  const ref = stringField(fields, 'ref');
  if (ref === undefined || ref === null) return { kind: 'invalid', why: 'the body names neither a stage nor a ref' };
  if (ref.startsWith('refs/heads/')) {
    const branch = ref.slice('refs/heads/'.length);
    const rule = mapping.branches.find((b) => b.branch === branch);
    if (!rule) return { kind: 'ignored', why: `branch ${branch} is not mapped to a stage` };
    if (!stages.includes(rule.stage)) return { kind: 'invalid', why: `branch ${branch} maps to stage ${rule.stage}, which the project does not have` };
    if (fields.deleted === true) return { kind: 'ignored', why: `branch ${branch} was deleted` };
    return { kind: 'deploy', stage: rule.stage, imageTag: undefined, why: `branch ${branch}` };
  }
  if (ref.startsWith('refs/tags/')) {
    const gitTag = ref.slice('refs/tags/'.length);
    if (mapping.tagStage === null) return { kind: 'ignored', why: `tags are not mapped to a stage` };
    if (fields.deleted === true) return { kind: 'ignored', why: `tag ${gitTag} was deleted` };
    if (!IMAGE_TAG.test(gitTag)) return { kind: 'invalid', why: `tag ${gitTag} is not a valid Docker tag` };
    if (!stages.includes(mapping.tagStage)) return { kind: 'invalid', why: `tags map to stage ${mapping.tagStage}, which the project does not have` };
    return { kind: 'deploy', stage: mapping.tagStage, imageTag: gitTag, why: `tag ${gitTag}` };
  }
  return { kind: 'ignored', why: `ref ${ref.slice(0, 200)} is neither a branch nor a tag` };
}

/** Checks a mapping a user saves: names well formed, no branch twice. Returns the problem, or null. */
export function mappingProblem(mapping: RefMapping, stages: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const { branch, stage } of mapping.branches) {
    if (seen.has(branch)) return `branch ${branch} is mapped twice`;
    seen.add(branch);
    if (!stages.includes(stage)) return `the project has no stage ${stage}`;
  }
  if (mapping.tagStage !== null && !stages.includes(mapping.tagStage)) return `the project has no stage ${mapping.tagStage}`;
  return null;
}
