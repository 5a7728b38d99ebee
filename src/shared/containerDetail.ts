// One owned container as its detail panel shows it: everything from one inspect on its host's
// connection. Environment values whose key looks secret are never in it (see isSecretEnvKey); the
// panel asks for one such value at a time (containers.revealEnv).

/** Why a container stopped, as far as Docker's record tells. */
export type ExitReason =
  | { kind: 'oom' }
  /** Ended by a signal: Docker reports 128 + the signal number. */
  | { kind: 'signal'; signal: number; name: string | null }
  | { kind: 'code'; code: number };

export interface HealthCheckRun {
  start: number | null;
  end: number | null;
  exitCode: number;
  output: string;
}

export interface ContainerPortView {
  containerPort: number;
  protocol: string;
  /** Null when the port is exposed but not published. */
  hostIp: string | null;
  hostPort: number | null;
}

export interface ContainerMountView {
  type: string;
  /** A volume's name, or a bind's path on the host. */
  source: string;
  destination: string;
  readOnly: boolean;
}

export interface ContainerNetworkView {
  name: string;
  ipAddress: string | null;
  aliases: string[];
}

export interface ContainerEnvEntry {
  key: string;
  /** Null for a key that looks secret: only containers.revealEnv returns its value. */
  value: string | null;
  secret: boolean;
}

export interface ContainerDetail {
  id: string;
  hostId: string;
  dockerId: string;
  name: string;
  image: string;
  /** The image's content id (`sha256:...`) the container runs. */
  imageId: string;
  /** `repo@sha256:...`: the reference when it names a digest, else the image's repo digest for its repository; null for an image built or imported on the host. */
  digest: string | null;
  status: string;
  running: boolean;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  restartCount: number;
  exitCode: number | null;
  exitReason: ExitReason | null;
  /** Docker's own error text for the last start, when it has one. */
  error: string | null;
  health: { status: string; failingStreak: number; log: HealthCheckRun[] } | null;
  command: string[];
  ports: ContainerPortView[];
  mounts: ContainerMountView[];
  networks: ContainerNetworkView[];
  labels: Record<string, string>;
  env: ContainerEnvEntry[];
}
