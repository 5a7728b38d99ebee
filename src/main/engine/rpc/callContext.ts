// Who made a call. Each shell builds one per connection: the browser shell per WebSocket, the
// Electron shell per webContents. Calls that open something long-lived (a log stream) tie it to the
// connection, so its directed events reach that connection only and it is closed when the
// connection goes away; nothing else in a call may depend on who called.
export interface CallContext {
  /** Stable for the connection's life and never reused: `ws:7`, `webContents:3`. */
  readonly connectionId: string;
}
