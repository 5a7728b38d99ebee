// The app needs no browser permission (camera, notifications from the page, clipboard reads, HID...):
// desktop notifications come from the main process. Deny them all rather than list what to refuse.
import type { Session } from 'electron';

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
