// Translated words of a site page: an upload's phase, a source kind, a deploy warning, a version's
// status and the options a version was served with.
import type { SiteOptions, SiteProgress, SiteVersionView } from '../../../shared/types';
import type { Translate } from '../../i18n/labels';

export type SourceKind = 'folder' | 'archive';

export function phaseLabel(t: Translate, phase: SiteProgress['phase']): string {
  switch (phase) {
    case 'copying':
      return t('site.progress.phase.copying');
    case 'deploying':
      return t('site.progress.phase.deploying');
    case 'done':
      return t('site.progress.phase.done');
    case 'failed':
      return t('site.progress.phase.failed');
    case 'cancelled':
      return t('site.progress.phase.cancelled');
    case 'unchanged':
      return t('site.progress.phase.unchanged');
  }
}

export const PHASE_TONE: Record<SiteProgress['phase'], 'info' | 'ok' | 'danger' | 'neutral'> = {
  copying: 'info',
  deploying: 'info',
  done: 'ok',
  failed: 'danger',
  cancelled: 'neutral',
  unchanged: 'neutral',
};

export function sourceKindLabel(t: Translate, kind: SourceKind): string {
  switch (kind) {
    case 'folder':
      return t('site.deploy.kind.folder');
    case 'archive':
      return t('site.deploy.kind.archive');
  }
}

/** A warning the engine attached to a deploy it went on with; one this page does not know is shown by its code. */
export function warningText(t: Translate, code: string): string {
  switch (code) {
    case 'no-index':
      return t('site.deploy.warning.noIndex');
    default:
      return t('site.deploy.warning.other', { code });
  }
}

export function versionStatusLabel(t: Translate, status: SiteVersionView['status']): string {
  switch (status) {
    case 'uploading':
      return t('site.versions.status.uploading');
    case 'ready':
      return t('site.versions.status.ready');
  }
}

/** The options a version was served with, as a short list ("SPA fallback · 404: /404.html · …"); '' for none. */
export function optionsSummary(t: Translate, options: SiteOptions): string {
  const parts: string[] = [];
  if (options.spaFallback) parts.push(t('site.options.short.spaFallback'));
  if (options.notFoundPage) parts.push(t('site.options.short.notFoundPage', { path: options.notFoundPage }));
  if (options.cacheHashed) parts.push(t('site.options.short.cacheHashed'));
  if (options.precompressed) parts.push(t('site.options.short.precompressed'));
  return parts.join(' · ');
}
