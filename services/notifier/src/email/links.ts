import type { Watch } from '../watches/watch';

/**
 * Links into the notifier's REST API. The API serves GET (a page with a button) and POST (one-click, RFC 8058) on
 * the unsubscribe URL, and GET on the confirm URL.
 */
export const confirmUrl = (baseUrl: string, watch: Pick<Watch, 'id' | 'confirmToken'>): string =>
  `${baseUrl}/watches/${encodeURIComponent(watch.id)}/confirm?token=${encodeURIComponent(watch.confirmToken)}`;

export const unsubscribeUrl = (baseUrl: string, watch: Pick<Watch, 'id' | 'unsubscribeToken'>): string =>
  `${baseUrl}/watches/${encodeURIComponent(watch.id)}/unsubscribe?token=${encodeURIComponent(watch.unsubscribeToken)}`;

/** Only http(s) URLs become links; anything else (a `javascript:` URL in a source field) is shown as text. */
export function isWebUrl(url: string | null): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
