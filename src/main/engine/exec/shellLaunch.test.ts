import { describe, expect, it } from 'vitest';
import { PID_FRAME_END, PID_FRAME_START, launchCommand, shellFromProbe, takePidFrame } from './shellLaunch';

describe('the shell choice', () => {
  it('is bash only when the probe found it', () => {
    expect([shellFromProbe(0), shellFromProbe(1), shellFromProbe(127), shellFromProbe(null)]).toEqual(['bash', 'sh', 'sh', 'sh']);
  });
  it('launches through sh and becomes the shell (same PID)', () => {
    expect(launchCommand('bash')).toEqual(['sh', '-c', expect.stringMatching(/; exec bash$/)]);
  });
});

describe('takePidFrame', () => {
  const frame = `${PID_FRAME_START}42${PID_FRAME_END}`;
  it('reads the PID and passes on what follows', () => {
    expect(takePidFrame(`${frame}$ `)).toEqual({ done: true, pid: 42, rest: '$ ' });
  });
  it('waits for a frame split across chunks', () => {
    expect(takePidFrame(frame.slice(0, 5))).toEqual({ done: false });
    expect(takePidFrame(frame.slice(0, frame.length - 1))).toEqual({ done: false });
  });
  it('keeps what came before the frame (the TTY echoing early keys)', () => {
    expect(takePidFrame(`ls\r\n${frame}$ `)).toEqual({ done: true, pid: 42, rest: 'ls\r\n$ ' });
  });
  it('waits while a frame may still come, then passes output through untouched', () => {
    expect(takePidFrame('hello')).toEqual({ done: false });
    expect(takePidFrame(`hello${PID_FRAME_START.slice(0, 4)}`)).toEqual({ done: false });
    expect(takePidFrame('x'.repeat(600))).toEqual({ done: true, pid: null, rest: 'x'.repeat(600) });
    expect(takePidFrame(`${PID_FRAME_START}${'1'.repeat(600)}`)).toMatchObject({ done: true, pid: null });
  });
});
