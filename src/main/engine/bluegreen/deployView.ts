// What the renderer sees of a blue-green run record: the container row ids and the target key stay
// inside the engine.
import type { DeployRecord } from '../store/deployRepo';

export function deployView<R extends DeployRecord>({
  newContainerId: _new,
  oldContainerId: _old,
  targetKey: _target,
  ...view
}: R): Omit<R, 'newContainerId' | 'oldContainerId' | 'targetKey'> {
  return view;
}
