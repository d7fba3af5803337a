import { displayName } from '../email/alert-view';
import type { Watch } from '../watches/watch';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"'`=]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.4;color:#222;max-width:640px;margin:2em auto">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

const what = (w: Watch): string =>
  `${escapeHtml(displayName(w.jurisdiction))}${w.includeChildren ? ' and the places inside it' : ''}`;

export const confirmedPage = (w: Watch): string =>
  page(
    'Alert confirmed',
    `<p>You will get one email when an ICE Declined Detainer report lists ${what(w)}.</p>
<p>Every alert has a link to stop them.</p>`,
  );

/**
 * GET on an unsubscribe link shows a button rather than unsubscribing: mail scanners open links by themselves, and
 * RFC 8058 reserves the action for a POST.
 */
export const unsubscribeFormPage = (w: Watch, token: string): string =>
  page(
    'Stop these alerts?',
    `<p>You receive an email when an ICE Declined Detainer report lists ${what(w)}.</p>
<form method="post" action="/watches/${escapeHtml(encodeURIComponent(w.id))}/unsubscribe?token=${escapeHtml(encodeURIComponent(token))}">
<button type="submit" style="font-size:15px;padding:6px 14px">Stop these alerts</button>
</form>`,
  );

export const unsubscribedPage = (): string =>
  page('Alerts stopped', '<p>You will receive no more alerts for this watch.</p>');

export const problemPage = (title: string, message: string): string =>
  page(title, `<p>${escapeHtml(message)}</p>`);
