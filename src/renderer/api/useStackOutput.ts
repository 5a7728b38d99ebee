// The lines of a stack's running operations, as stacks.output streams them. The page subscribes
// when it opens, before the user starts anything, so no line of an operation it starts is missed;
// lines printed before it opened come from the operation's record (joinOutput).
import { useEffect, useState } from 'react';
import { addStreamed, type StreamedOutputs } from '../model/stackOutput';
import { useClient } from './transportContext';

export function useStackOutput(workloadId: string): StreamedOutputs {
  const client = useClient();
  const [outputs, setOutputs] = useState<StreamedOutputs>(() => new Map());
  useEffect(() => {
    setOutputs(new Map());
    return client.on('stacks.output', (event) => {
      if (event.workloadId !== workloadId) return;
      setOutputs((before) => addStreamed(before, event.operationId, event.lines));
    });
  }, [client, workloadId]);
  return outputs;
}
