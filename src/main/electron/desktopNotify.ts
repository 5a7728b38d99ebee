// Desktop notifications: the engine's DesktopSink over Electron's Notification. Where the OS has no
// notification service (a Linux session without one), the message goes to the log instead of nowhere.
import { Notification } from 'electron';
import type { DesktopSink } from '../engine/notify/notifier';

export function desktopNotifier(log: (message: string) => void = (m) => console.log(`[tinyforge] ${m}`)): DesktopSink {
  return ({ title, body, severity }) => {
    if (!Notification.isSupported()) {
      log(`desktop notification (this system shows none): ${title}: ${body}`);
      return;
    }
    // Errors ask for attention (critical urgency on Linux, a sound); good news stays quiet.
    const notification = new Notification({ title, body, silent: severity !== 'error', urgency: severity === 'error' ? 'critical' : 'normal' });
    notification.show();
  };
}
