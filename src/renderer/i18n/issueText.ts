// Translates a validation issue. The contract's messages are English sentences shared by the
// schema in the renderer and the engine's answer; the ones known here get a proper translation,
// anything else is shown as the engine wrote it.
import type { FormIssue } from '../model/formIssues';
import type { Translate } from './labels';

type Rule = [RegExp, (t: Translate, match: RegExpMatchArray, issue: FormIssue) => string];

const lastSegment = (path: string) => path.split('.').pop() ?? '';

const RULES: Rule[] = [
  [/^is required$/, (t) => t('validation.required')],
  [/^Too small: expected string to have >=1 characters$/, (t) => t('validation.required')],
  [/^must be at most ([\d,]+) characters$/, (t, m) => t('validation.maxLength', { max: Number(m[1]?.replace(/,/g, '')) })],
  [/^Too big: expected string to have <=(\d+) characters$/, (t, m) => t('validation.maxLength', { max: Number(m[1]) })],
  [/^may contain letters, digits, spaces/, (t) => t('validation.name')],
  [/^must be lower-case letters, digits, dashes or underscores/, (t) => t('validation.slug')],
  [/^must be an image repository/, (t) => t('validation.imageRepository')],
  [/^must be a Docker tag/, (t) => t('validation.imageTag')],
  [/^must be an image such as caddy:2/, (t) => t('validation.proxyImage')],
  [/^must be a valid environment variable name$/, (t, _m, issue) => t('validation.envKey', { key: lastSegment(issue.path) })],
  [/^is a reserved name$/, (t, _m, issue) => t('validation.reservedEnvKey', { key: lastSegment(issue.path) })],
  [/^Invalid key in record$/, (t, _m, issue) => t('validation.envKey', { key: lastSegment(issue.path) })],
  [/^must be a path starting with \/$/, (t) => t('validation.path')],
  [/^must be a DNS label/, (t) => t('validation.subdomain')],
  [/^must be an absolute socket path/, (t) => t('validation.socketPath')],
  [/^must be a host name or an IP address$/, (t) => t('validation.hostAddress')],
  [/^must be a valid user name$/, (t) => t('validation.username')],
  [/^is required with key authentication$/, (t) => t('validation.keyPathRequired')],
  [/^must be an absolute path \(or start with ~\/\)$/, (t) => t('validation.absolutePath')],
  [/^must be an absolute folder path$/, (t) => t('validation.absoluteFolder')],
  [/^must be an absolute path$/, (t) => t('validation.absoluteSourcePath')],
  [/^must be a path of the site such as/, (t) => t('validation.sitePage')],
  [/^must not contain \.\.$/, (t) => t('validation.noDotDot')],
  [/^must be (\d+) to (\d+)$/, (t, m) => t('validation.range', { min: Number(m[1]), max: Number(m[2]) })],
  [/^must be a whole number$/, (t) => t('validation.integer')],
  [/^is taken on this host$/, (t) => t('validation.publicNameTaken')],
  [/^must be an absolute path on the remote host/, (t) => t('validation.remoteSocketPath')],
  [/^must be an OpenSSH SHA256 fingerprint$/, (t) => t('validation.fingerprint')],
  [/^must be a domain such as/, (t) => t('validation.proxyDomain')],
  [/^must be an http\(s\) address/, (t) => t('validation.npmUrl')],
  [/^must be an email address$/, (t) => t('validation.email')],
  [/^must be an IPv4 address such as/, (t) => t('validation.ipv4')],
  [/^must be an IPv6 address such as/, (t) => t('validation.ipv6')],
  [/^needs an IPv4 or an IPv6 address$/, (t) => t('validation.publicAddress')],
  [/^must be a DNS zone such as/, (t) => t('validation.dnsZone')],
  [/^must be a TSIG key name such as/, (t) => t('validation.tsigKeyName')],
  [/^must be a base64 TSIG secret/, (t) => t('validation.tsigSecret')],
  [/^needs at least one stage$/, (t) => t('validation.atLeastOneStage')],
  [/^Too small: expected array to have >=1 items$/, (t) => t('validation.atLeastOneStage')],
  [/^stage names must be unique$/, (t) => t('validation.uniqueStages')],
  [/^is already used by another stage of this project$/, (t) => t('validation.stageNameTaken')],
  [/^is required for a new address$/, (t) => t('validation.npmPasswordForNewUrl')],
  [/^must be a registry host such as/, (t) => t('validation.registryHost')],
  [/^must have a dot or a port/, (t) => t('validation.registryHostDot')],
  [/^must be a user name without spaces or colons$/, (t) => t('validation.registryUsername')],
  [/^is required for a new user name$/, (t) => t('validation.passwordForNewUser')],
  [/^Too small: expected number to be >=(-?[\d.]+)$/, (t, m) => t('validation.min', { min: Number(m[1]) })],
  [/^Too big: expected number to be <=(-?[\d.]+)$/, (t, m) => t('validation.max', { max: Number(m[1]) })],
  [/^Too big: expected array to have <=(\d+) items$/, (t, m) => t('validation.maxItems', { max: Number(m[1]) })],
  [/^must be an http:\/\/ or https:\/\/ URL without a user name/, (t) => t('validation.notifyUrl')],
  [/^must be 1 to 64 letters, digits, dashes or underscores$/, (t) => t('validation.ntfyTopic')],
  [/^must be a numeric chat id or an @channelname$/, (t) => t('validation.telegramChat')],
  [/^needs at least one address$/, (t) => t('validation.atLeastOneAddress')],
  [/^must be at most (\d+) addresses$/, (t, m) => t('validation.maxItems', { max: Number(m[1]) })],
  [/^choose at least one event$/, (t) => t('validation.atLeastOneEvent')],
  [/^must be an access token without spaces$/, (t) => t('validation.ntfyToken')],
  [/^must be a bot token such as/, (t) => t('validation.botToken')],
  [/^this kind of channel cannot work without its secret$/, (t) => t('validation.secretNeeded')],
  [/^would send the password unencrypted/, (t) => t('validation.plainSmtpLogin')],
  [/^Invalid input: expected int, received number$/, (t) => t('validation.integer')],
  [/^Invalid input: expected (int|number)/, (t) => t('validation.number')],
];

export function issueText(t: Translate, issue: FormIssue): string {
  if (issue.env) {
    const { line } = issue.env;
    switch (issue.env.kind) {
      case 'missingEquals':
        return t('validation.envMissingEquals', { line });
      case 'invalidKey':
        return t('validation.envInvalidKey', { line, key: issue.env.key });
      case 'duplicateKey':
        return t('validation.envDuplicateKey', { line, key: issue.env.key });
    }
  }
  for (const [pattern, render] of RULES) {
    const match = issue.message.match(pattern);
    if (match) return render(t, match, issue);
  }
  return issue.message;
}
