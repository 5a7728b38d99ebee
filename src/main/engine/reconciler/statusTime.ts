// Docker's list call has no start or finish times, only a human status ("Up 3 minutes",
// "Exited (0) 2 hours ago") written by go-units' HumanDuration. Reading it back gives the pass a
// true clock for first sightings without one inspect call per container (which would make a pass
// over 200 containers 200 round trips).

const UNIT_MS: Record<string, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/** Parses one HumanDuration phrase ("About an hour", "3 days", "Less than a second") to ms. */
export function parseHumanDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'less than a second') return 0;
  if (t === 'about a minute') return 60_000;
  if (t === 'about an hour') return 3_600_000;
  const m = /^(\d+|an?|about an?) (second|minute|hour|day|week|month|year)s?$/.exec(t);
  if (!m) return null;
  const count = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
  return count * UNIT_MS[m[2]!]!;
}

export interface StatusTimes {
  startedAgoMs: number | null;
  finishedAgoMs: number | null;
}

/** "Up 5 minutes (healthy)" -> started 5 min ago; "Exited (137) 2 seconds ago" -> finished 2 s ago. */
export function timesFromStatus(status: string): StatusTimes {
  const s = status.trim();
  const up = /^Up (.+?)(?: \((?:healthy|unhealthy|health: starting|Paused)\))*$/i.exec(s);
  if (up) return { startedAgoMs: parseHumanDuration(up[1]!), finishedAgoMs: null };
  const exited = /^Exited \(-?\d+\) (.+) ago$/i.exec(s);
  if (exited) return { startedAgoMs: null, finishedAgoMs: parseHumanDuration(exited[1]!) };
  return { startedAgoMs: null, finishedAgoMs: null };
}
