// The host-access policy through validateCompose: every option refused at its line when the stack
// does not allow host access, listed (and not refused) when it does; the look-alikes that are
// harmless pass; the app's label namespace is refused either way.
// Over 400 lines because it is one table row per rule and per way around it: the table is the
// policy's specification, and splitting it would scatter what a reviewer must see at once.
import { describe, expect, it } from 'vitest';
import type { ComposeProblem } from '../../../shared/contract/stacks';
import { validateCompose } from './validateCompose';
import type { ComposeCheckOptions } from './validateCompose';

const OFF: ComposeCheckOptions = { allowHostAccess: false };
const ON: ComposeCheckOptions = { allowHostAccess: true };

const where = (p: ComposeProblem) => ({ kind: p.kind, code: p.code, path: p.path, line: p.line, column: p.column });

/** A one-service file: `web` with an image on line 3 and the body from line 4, indented by 4. */
function service(body: string, tail = ''): string {
  const lines = body.split('\n').map((l) => `    ${l}`);
  return `services:\n  web:\n    image: nginx:1.27\n${lines.join('\n')}\n${tail}`;
}

interface Case {
  name: string;
  body: string;
  tail?: string;
  env?: Record<string, string>;
  code: ComposeProblem['code'];
  path: string;
  option: string;
  line: number;
  column: number;
}

const CASES: Case[] = [
  { name: 'privileged', body: 'privileged: true', code: 'privileged', path: 'services.web.privileged', option: 'privileged', line: 4, column: 5 },
  { name: 'privileged as a string', body: 'privileged: "yes"', code: 'privileged', path: 'services.web.privileged', option: 'privileged', line: 4, column: 5 },
  { name: 'pid: host', body: 'pid: host', code: 'namespace-host', path: 'services.web.pid', option: 'pid: host', line: 4, column: 5 },
  {
    name: 'network_mode: host',
    body: 'network_mode: host',
    code: 'namespace-host',
    path: 'services.web.network_mode',
    option: 'network_mode: host',
    line: 4,
    column: 5,
  },
  { name: 'ipc: host', body: 'ipc: host', code: 'namespace-host', path: 'services.web.ipc', option: 'ipc: host', line: 4, column: 5 },
  { name: 'uts: host', body: 'uts: host', code: 'namespace-host', path: 'services.web.uts', option: 'uts: host', line: 4, column: 5 },
  {
    name: 'userns_mode: host',
    body: 'userns_mode: host',
    code: 'namespace-host',
    path: 'services.web.userns_mode',
    option: 'userns_mode: host',
    line: 4,
    column: 5,
  },
  { name: 'cgroup: host', body: 'cgroup: host', code: 'namespace-host', path: 'services.web.cgroup', option: 'cgroup: host', line: 4, column: 5 },
  {
    name: 'network_mode: HOST',
    body: 'network_mode: " HOST"',
    code: 'namespace-host',
    path: 'services.web.network_mode',
    option: 'network_mode: host',
    line: 4,
    column: 5,
  },
  { name: 'cap_add ALL', body: 'cap_add: [ALL]', code: 'capability', path: 'services.web.cap_add[0]', option: 'cap_add: ALL', line: 4, column: 15 },
  {
    name: 'cap_add SYS_ADMIN',
    body: 'cap_add:\n  - NET_ADMIN\n  - SYS_ADMIN',
    code: 'capability',
    path: 'services.web.cap_add[1]',
    option: 'cap_add: SYS_ADMIN',
    line: 6,
    column: 9,
  },
  {
    name: 'cap_add lower case',
    body: 'cap_add: [sys_admin]',
    code: 'capability',
    path: 'services.web.cap_add[0]',
    option: 'cap_add: sys_admin',
    line: 4,
    column: 15,
  },
  {
    name: 'cap_add CAP_ prefix',
    body: 'cap_add: [CAP_SYS_ADMIN]',
    code: 'capability',
    path: 'services.web.cap_add[0]',
    option: 'cap_add: CAP_SYS_ADMIN',
    line: 4,
    column: 15,
  },
  {
    name: 'cap_add cap_all',
    body: 'cap_add: ["cap_all"]',
    code: 'capability',
    path: 'services.web.cap_add[0]',
    option: 'cap_add: cap_all',
    line: 4,
    column: 15,
  },
  {
    name: 'a device',
    body: 'devices:\n  - /dev/kvm:/dev/kvm',
    code: 'device',
    path: 'services.web.devices[0]',
    option: 'devices: /dev/kvm:/dev/kvm',
    line: 5,
    column: 9,
  },
  {
    name: 'a device, long form',
    body: 'devices:\n  - source: /dev/sda\n    target: /dev/xvda',
    code: 'device',
    path: 'services.web.devices[0]',
    option: 'devices: /dev/sda',
    line: 5,
    column: 9,
  },
  {
    name: 'seccomp:unconfined',
    body: 'security_opt: ["seccomp:unconfined"]',
    code: 'security-opt',
    path: 'services.web.security_opt[0]',
    option: 'security_opt: seccomp:unconfined',
    line: 4,
    column: 20,
  },
  {
    name: 'seccomp=unconfined',
    body: 'security_opt: ["seccomp=unconfined"]',
    code: 'security-opt',
    path: 'services.web.security_opt[0]',
    option: 'security_opt: seccomp=unconfined',
    line: 4,
    column: 20,
  },
  {
    name: 'apparmor:unconfined',
    body: 'security_opt:\n  - no-new-privileges:true\n  - apparmor:unconfined',
    code: 'security-opt',
    path: 'services.web.security_opt[1]',
    option: 'security_opt: apparmor:unconfined',
    line: 6,
    column: 9,
  },
  {
    name: 'label:disable',
    body: 'security_opt: ["label:disable"]',
    code: 'security-opt',
    path: 'services.web.security_opt[0]',
    option: 'security_opt: label:disable',
    line: 4,
    column: 20,
  },
  {
    name: 'label=type:spc_t',
    body: 'security_opt: ["label=type:spc_t"]',
    code: 'security-opt',
    path: 'services.web.security_opt[0]',
    option: 'security_opt: label=type:spc_t',
    line: 4,
    column: 20,
  },
  {
    name: 'systempaths=unconfined',
    body: 'security_opt: ["systempaths=unconfined"]',
    code: 'security-opt',
    path: 'services.web.security_opt[0]',
    option: 'security_opt: systempaths=unconfined',
    line: 4,
    column: 20,
  },
  { name: 'a bind of /', body: 'volumes:\n  - /:/host', code: 'bind-root', path: 'services.web.volumes[0]', option: 'volumes: /:/host', line: 5, column: 9 },
  {
    name: 'a bind of / read-only',
    body: 'volumes:\n  - "/:/host:ro"',
    code: 'bind-root',
    path: 'services.web.volumes[0]',
    option: 'volumes: /:/host:ro',
    line: 5,
    column: 9,
  },
  {
    name: 'a bind of // (still /)',
    body: 'volumes:\n  - //:/host',
    code: 'bind-root',
    path: 'services.web.volumes[0]',
    option: 'volumes: //:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a bind of / by climbing',
    body: 'volumes:\n  - /var/run/../../:/host',
    code: 'bind-root',
    path: 'services.web.volumes[0]',
    option: 'volumes: /var/run/../../:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'the Docker socket',
    body: 'volumes:\n  - /var/run/docker.sock:/var/run/docker.sock',
    code: 'bind-socket',
    path: 'services.web.volumes[0]',
    option: 'volumes: /var/run/docker.sock:/var/run/docker.sock',
    line: 5,
    column: 9,
  },
  {
    name: 'the Docker socket under /run',
    body: 'volumes:\n  - /run/docker.sock:/docker.sock:ro',
    code: 'bind-socket',
    path: 'services.web.volumes[0]',
    option: 'volumes: /run/docker.sock:/docker.sock:ro',
    line: 5,
    column: 9,
  },
  {
    name: 'a rootless Docker socket',
    body: 'volumes:\n  - /run/user/1000/docker.sock:/var/run/docker.sock',
    code: 'bind-socket',
    path: 'services.web.volumes[0]',
    option: 'volumes: /run/user/1000/docker.sock:/var/run/docker.sock',
    line: 5,
    column: 9,
  },
  {
    name: 'the folder that holds the socket',
    body: 'volumes:\n  - /var/run:/hostrun',
    code: 'bind-socket',
    path: 'services.web.volumes[0]',
    option: 'volumes: /var/run:/hostrun',
    line: 5,
    column: 9,
  },
  {
    name: '/run with a trailing slash',
    body: 'volumes:\n  - /run/:/hostrun',
    code: 'bind-socket',
    path: 'services.web.volumes[0]',
    option: 'volumes: /run/:/hostrun',
    line: 5,
    column: 9,
  },
  {
    name: 'a long-form bind of /',
    body: 'volumes:\n  - type: bind\n    source: /\n    target: /host',
    code: 'bind-root',
    path: 'services.web.volumes[0].source',
    option: 'volumes: bind /',
    line: 6,
    column: 17,
  },
  {
    name: 'a long-form bind of the socket',
    body: 'volumes:\n  - type: bind\n    source: /var/run/docker.sock\n    target: /var/run/docker.sock',
    code: 'bind-socket',
    path: 'services.web.volumes[0].source',
    option: 'volumes: bind /var/run/docker.sock',
    line: 6,
    column: 17,
  },
  {
    name: 'a relative bind out of the stack folder',
    body: 'volumes:\n  - ../../../../../../..:/host',
    code: 'bind-outside-folder',
    path: 'services.web.volumes[0]',
    option: 'volumes: ../../../../../../..:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a home bind that climbs out',
    body: 'volumes:\n  - ~/../..:/host',
    code: 'bind-outside-folder',
    path: 'services.web.volumes[0]',
    option: 'volumes: ~/../..:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a named volume that binds /',
    body: 'volumes:\n  - rootfs:/host',
    tail: 'volumes:\n  rootfs:\n    driver: local\n    driver_opts:\n      type: none\n      o: bind\n      device: /\n',
    code: 'bind-root',
    path: 'services.web.volumes[0]',
    option: 'volumes: rootfs:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a secret file that is the socket',
    body: 'secrets: [sock]',
    tail: 'secrets:\n  sock:\n    file: /var/run/docker.sock\n',
    code: 'bind-socket',
    path: 'services.web.secrets[0]',
    option: 'secrets: sock (/var/run/docker.sock)',
    line: 4,
    column: 15,
  },
  {
    name: 'use_api_socket',
    body: 'use_api_socket: true',
    code: 'api-socket',
    path: 'services.web.use_api_socket',
    option: 'use_api_socket',
    line: 4,
    column: 5,
  },
  {
    name: 'extends from another file',
    body: 'extends:\n  file: /etc/other/compose.yml\n  service: base',
    code: 'outside-file',
    path: 'services.web.extends.file',
    option: 'extends: /etc/other/compose.yml',
    line: 5,
    column: 13,
  },
  // Interpolation: what the `.env` says is what is checked; what it does not say cannot be trusted.
  {
    name: 'a bind source from .env',
    body: 'volumes:\n  - ${SRC}:/host',
    env: { SRC: '/' },
    code: 'bind-root',
    path: 'services.web.volumes[0]',
    option: 'volumes: /:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a default that is /',
    body: 'volumes:\n  - ${SRC:-/}:/host',
    code: 'bind-root',
    path: 'services.web.volumes[0]',
    option: 'volumes: /:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a bind source .env does not set',
    body: 'volumes:\n  - ${SRC}:/host',
    code: 'bind-unknown',
    path: 'services.web.volumes[0]',
    option: 'volumes: ${SRC}:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'an empty variable before /',
    body: 'volumes:\n  - ${NOPE}/:/host',
    code: 'bind-unknown',
    path: 'services.web.volumes[0]',
    option: 'volumes: ${NOPE}/:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'the home variable climbing out',
    body: 'volumes:\n  - $HOME/../..:/host',
    code: 'bind-unknown',
    path: 'services.web.volumes[0]',
    option: 'volumes: $HOME/../..:/host',
    line: 5,
    column: 9,
  },
  {
    name: 'a whole volume entry from a variable',
    body: 'volumes:\n  - ${MOUNT}',
    code: 'bind-unknown',
    path: 'services.web.volumes[0]',
    option: 'volumes: ${MOUNT}',
    line: 5,
    column: 9,
  },
  {
    name: 'a network mode from .env',
    body: 'network_mode: ${NM}',
    env: { NM: 'host' },
    code: 'namespace-host',
    path: 'services.web.network_mode',
    option: 'network_mode: host',
    line: 4,
    column: 5,
  },
  {
    name: 'a network mode .env does not set',
    body: 'network_mode: ${NM}',
    code: 'namespace-host',
    path: 'services.web.network_mode',
    option: 'network_mode: ${NM}',
    line: 4,
    column: 5,
  },
  {
    name: 'privileged behind :+',
    body: 'privileged: ${DEBUG:+true}',
    code: 'privileged',
    path: 'services.web.privileged',
    option: 'privileged',
    line: 4,
    column: 5,
  },
  {
    name: 'a capability from .env',
    body: 'cap_add: ["${CAP}"]',
    env: { CAP: 'cap_sys_admin' },
    code: 'capability',
    path: 'services.web.cap_add[0]',
    option: 'cap_add: cap_sys_admin',
    line: 4,
    column: 15,
  },
];

describe('host access', () => {
  it.each(CASES)('refuses $name at its line when host access is not allowed', (c) => {
    const check = validateCompose(service(c.body, c.tail), { ...OFF, env: c.env });
    expect(check.ok).toBe(false);
    expect(check.problems.map(where)).toEqual([{ kind: 'host-access', code: c.code, path: c.path, line: c.line, column: c.column }]);
    expect(check.problems[0]!.message).toMatch(new RegExp(`^${c.path.replace(/[.[\]$]/g, '\\$&')}: .*tick 'allow host access'`));
    expect(check.hostAccess).toEqual([{ service: 'web', option: c.option, code: c.code, line: c.line }]);
  });

  it.each(CASES)('lists $name and refuses nothing when host access is allowed', (c) => {
    const check = validateCompose(service(c.body, c.tail), { ...ON, env: c.env });
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.hostAccess).toEqual([{ service: 'web', option: c.option, code: c.code, line: c.line }]);
  });

  it.each([
    ['privileged: false', 'privileged: false'],
    ['privileged: "false"', 'privileged: "false"'],
    ["another container's pid namespace", 'pid: "service:db"'],
    ['bridge networking', 'network_mode: bridge'],
    ['a shareable ipc', 'ipc: shareable'],
    ['a private cgroup', 'cgroup: private'],
    ['harmless capabilities', 'cap_add: [NET_ADMIN, NET_BIND_SERVICE, CAP_CHOWN]'],
    ['no-new-privileges', 'security_opt: ["no-new-privileges:true", "seccomp:/etc/docker/seccomp.json"]'],
    ['binds inside the stack folder', 'volumes:\n  - ./data:/data\n  - ./conf/../conf2:/conf\n  - .:/app'],
    ['named volumes', 'volumes:\n  - data:/data\n  - type: volume\n    source: cache\n    target: /cache'],
    ['host folders that are not /', 'volumes:\n  - /srv/app:/app\n  - /var/run/app:/run/app\n  - /etc/localtime:/etc/localtime:ro\n  - ~/photos:/photos'],
    ['an anonymous volume', 'volumes:\n  - /var/lib/data'],
    ['tmpfs', 'volumes:\n  - type: tmpfs\n    target: /tmp'],
    ['a default that stays in the folder', 'volumes:\n  - ${DATA:-./data}:/data'],
    ['an unknown variable in the target only', 'volumes:\n  - ./data:${TARGET}'],
    ['a network mode with a safe default', 'network_mode: ${NM:-bridge}'],
    ['use_api_socket: false', 'use_api_socket: false'],
    ['extends within the file', 'extends: base'],
  ])('lets %s through, refused and listed as nothing', (_name, body) => {
    const check = validateCompose(service(body, 'volumes:\n  data:\n  cache:\n'), OFF);
    expect(check.problems).toEqual([]);
    expect(check.hostAccess).toEqual([]);
  });

  it('refuses include at the top level, listed without a service', () => {
    const check = validateCompose(`include:\n  - ../other/compose.yml\n${service('restart: always')}`, OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'host-access', code: 'outside-file', path: 'include[0]', line: 2, column: 5 }]);
    expect(check.hostAccess).toEqual([{ service: '', option: 'include: ../other/compose.yml', code: 'outside-file', line: 2 }]);
  });

  it('places an option merged from an anchor at the anchor, and lists it for each service that merges it', () => {
    const text = [
      'x-root: &root',
      '  privileged: true',
      'services:',
      '  web:',
      '    <<: *root',
      '    image: nginx',
      '  db:',
      '    <<: *root',
      '    image: postgres',
      '',
    ].join('\n');
    const check = validateCompose(text, OFF);
    expect(check.problems.map(where)).toEqual([
      { kind: 'host-access', code: 'privileged', path: 'services.web.privileged', line: 2, column: 3 },
      { kind: 'host-access', code: 'privileged', path: 'services.db.privileged', line: 2, column: 3 },
    ]);
    expect(check.hostAccess.map((h) => [h.service, h.option, h.line])).toEqual([
      ['web', 'privileged', 2],
      ['db', 'privileged', 2],
    ]);
  });

  it('reports every host-access option of a service, each at its own line', () => {
    const check = validateCompose(service('privileged: true\npid: host\nvolumes:\n  - /:/host\ndevices: [/dev/mem]'), OFF);
    expect(check.problems.map((p) => [p.code, p.line])).toEqual([
      ['privileged', 4],
      ['namespace-host', 5],
      ['bind-root', 7],
      ['device', 8],
    ]);
  });
});

describe('labels of the app', () => {
  const LABELS: [string, string, string, string, number, number][] = [
    ['a map label', 'labels:\n  tinyforge.managed: "true"', '', 'services.web.labels["tinyforge.managed"]', 5, 7],
    ['a list label', 'labels:\n  - com.example.a=1\n  - tinyforge.workload.id=abc', '', 'services.web.labels[1]', 6, 9],
    ['a list label without a value', 'labels: ["tinyforge.role"]', '', 'services.web.labels[0]', 4, 14],
    ['a deploy label', 'deploy:\n  labels:\n    tinyforge.role: web', '', 'services.web.deploy.labels["tinyforge.role"]', 6, 9],
    [
      'a build label (an image label reaches the container)',
      'build:\n  context: .\n  labels:\n    tinyforge.workload.kind: stack',
      '',
      'services.web.build.labels["tinyforge.workload.kind"]',
      7,
      9,
    ],
    ['a label in other letter case', 'labels:\n  TinyForge.Managed: "true"', '', 'services.web.labels["TinyForge.Managed"]', 5, 7],
    ['a label behind an unset variable', 'labels:\n  - "${NOPE}tinyforge.instance-id=1"', '', 'services.web.labels[0]', 5, 9],
    ['a network label', '', 'networks:\n  default:\n    labels:\n      tinyforge.managed: "true"\n', 'networks.default.labels["tinyforge.managed"]', 8, 7],
  ];

  it.each(LABELS)('refuses %s whatever the box says, and does not list it as host access', (_name, body, tail, path, line, column) => {
    for (const options of [OFF, ON]) {
      const check = validateCompose(service(body, tail), options);
      expect(check.problems.map(where)).toEqual([{ kind: 'refused', code: 'app-label', path, line, column }]);
      expect(check.problems[0]!.message).toContain('belong to the app');
      expect(check.hostAccess).toEqual([]);
    }
  });

  it('lets labels that only mention tinyforge through', () => {
    const check = validateCompose(service('labels:\n  com.example.tinyforge.x: "1"\n  tinyforgex: "1"\n  tinyforge: "1"'), OFF);
    expect(check.problems).toEqual([]);
  });
});
