// Compose stacks: what the editor's check answers. Types only for now; the calls join the contract
// with the stack runner. A problem carries a stable `code` and `params` beside its English message,
// so the renderer words it in either language without reading the message.

/** Which check found a problem: the YAML parser, the compose-spec schema, or the host-access policy. */
export type ComposeProblemKind = 'syntax' | 'schema' | 'refused' | 'host-access';

export type ComposeProblemCode =
  // syntax
  | 'yaml'
  | 'duplicate-key'
  | 'empty-file'
  | 'not-a-mapping'
  | 'unknown-alias'
  | 'too-many-aliases'
  | 'complex-key'
  // schema
  | 'unknown-key'
  | 'invalid-name'
  | 'wrong-type'
  | 'missing-key'
  | 'not-allowed-value'
  | 'duplicate-item'
  | 'out-of-range'
  | 'bad-format'
  | 'restart-policy'
  | 'no-services'
  | 'bad-interpolation'
  | 'schema-other'
  // refused, whatever the box says
  | 'app-label'
  // host access, refused unless the stack allows it
  | 'privileged'
  | 'namespace-host'
  | 'capability'
  | 'device'
  | 'security-opt'
  | 'bind-root'
  | 'bind-socket'
  | 'bind-outside-folder'
  | 'bind-unknown'
  | 'api-socket'
  | 'outside-file';

export interface ComposeProblem {
  kind: ComposeProblemKind;
  code: ComposeProblemCode;
  /** 1-based, where the offending text starts. */
  line: number;
  column: number;
  /** 1-based, where it ends (exclusive): the editor underlines from line:column to here. */
  endLine: number;
  endColumn: number;
  /** Where in the file, e.g. `services.web.ports[0]`; '' for the whole file. */
  path: string;
  /** English, specific, starting with the path. */
  message: string;
  /** What the renderer needs to word the problem itself (a key, the allowed values, a variable). */
  params: Record<string, string | number>;
}

/** An option that hands a container part of the host, listed on the stack page even when allowed. */
export interface HostAccessUse {
  service: string;
  /** As the file says it, e.g. `privileged`, `pid: host`, `volumes: /var/run/docker.sock:/var/run/docker.sock`. */
  option: string;
  code: ComposeProblemCode;
  line: number;
}

export interface ComposeCheck {
  /** No problems: the file may go on to `compose config` on the host. */
  ok: boolean;
  problems: ComposeProblem[];
  hostAccess: HostAccessUse[];
  /** Service names in file order. */
  services: string[];
}
