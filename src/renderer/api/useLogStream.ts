// The React side of a log stream: a bounded buffer of its lines and its status. Components get
// lines and actions from here and never see the transport.
import { useCallback, useEffect, useRef, useState } from 'react';
import { EMPTY_LOG_BUFFER, appendLines, clearLines } from '../model/logBuffer';
import type { LogBuffer } from '../model/logBuffer';
import { openLogStream } from './logStream';
import type { LogStreamControl, LogStreamStatus, LogTarget } from './logStream';
import { useClient, useConnection } from './transportContext';

export interface LogStreamState {
  buffer: LogBuffer;
  status: LogStreamStatus;
  /** Empties the view; the stream goes on. */
  clear(): void;
  /** After the stream ended (the container stopped, the host dropped): follow it again from where it was. */
  reopen(): void;
}

export function useLogStream({ containerId, workloadId, stageId }: LogTarget, tail = 500): LogStreamState {
  const client = useClient();
  const connection = useConnection();
  const [buffer, setBuffer] = useState<LogBuffer>(EMPTY_LOG_BUFFER);
  const [status, setStatus] = useState<LogStreamStatus>({ state: 'opening' });
  const control = useRef<LogStreamControl | null>(null);

  useEffect(() => {
    setBuffer(EMPTY_LOG_BUFFER);
    const stream = openLogStream(
      client,
      connection,
      { containerId, workloadId, ...(stageId !== undefined ? { stageId } : {}) },
      { lines: (lines) => setBuffer((current) => appendLines(current, lines)), status: setStatus },
      { tail },
    );
    control.current = stream;
    return () => {
      stream.close();
      if (control.current === stream) control.current = null;
    };
  }, [client, connection, containerId, workloadId, stageId, tail]);

  const clear = useCallback(() => setBuffer(clearLines), []);
  const reopen = useCallback(() => control.current?.reopen(), []);
  return { buffer, status, clear, reopen };
}
