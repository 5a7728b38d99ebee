// Vitest global setup for the projects that use the real dockerd: clear what crashed runs left.
import { removeStaleRuns, testDocker } from './dockerHost';

export default async function setup(): Promise<void> {
  await removeStaleRuns(testDocker());
}
