// 0017: notification channels. A channel's settings (kind, filter, where it sends) and its delivery
// state (last success, last error) live here; its credential (a webhook URL that embeds a token, a
// bot token, an SMTP password) only as keychain ciphertext in notify_channel_secrets, written by the
// SecretStore and never at all without a real keychain. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0017: Migration = {
  version: 17,
  name: 'notify-channels',
  up: `
    CREATE TABLE notify_channels (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack', 'discord', 'ntfy', 'telegram', 'email')),
      enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      events TEXT NOT NULL,
      target TEXT NOT NULL,
      secret_host TEXT,
      last_success_at INTEGER,
      last_error TEXT,
      last_error_at INTEGER,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE notify_channel_secrets (
      channel_id TEXT PRIMARY KEY REFERENCES notify_channels(id) ON DELETE CASCADE,
      secret_encrypted BLOB NOT NULL
    ) STRICT;
  `,
};
