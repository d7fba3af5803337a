import Handlebars from 'handlebars';
import type { GrantExposureEstimatedV1 } from '@detainer-watch/contracts';
import type { Watch } from '../watches/watch';
import { alertView, displayName } from './alert-view';
import { headerSafe } from './format';
import { confirmUrl, unsubscribeUrl } from './links';
import { alertHtml, alertText, confirmHtml, confirmText } from './templates';

/** A message ready for a MailSender, without the recipient. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** extra headers, e.g. List-Unsubscribe */
  headers: Record<string, string>;
}

// strict: a misspelt field in a template fails at render time instead of printing nothing.
const hb = Handlebars.create();
const compileHtml = (src: string) => hb.compile(src, { strict: true });
const compileText = (src: string) => hb.compile(src, { strict: true, noEscape: true });

const templates = {
  alertText: compileText(alertText),
  alertHtml: compileHtml(alertHtml),
  confirmText: compileText(confirmText),
  confirmHtml: compileHtml(confirmHtml),
};

/** The alert for one watch and one report; `matched` are the report's estimates that matched the watch. */
export function renderAlertEmail(
  watch: Watch,
  matched: readonly GrantExposureEstimatedV1[],
  baseUrl: string,
): RenderedEmail {
  const view = alertView(watch, matched, baseUrl);
  return {
    subject: view.subject,
    text: templates.alertText(view),
    html: templates.alertHtml(view),
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl(baseUrl, watch)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** The message with the confirm link, sent once when a watch is created. */
export function renderConfirmationEmail(watch: Watch, baseUrl: string): RenderedEmail {
  const name = displayName(watch.jurisdiction);
  const view = {
    subject: headerSafe(`Confirm your detainer-watch alert for ${name}`),
    watchName: name,
    includeChildren: watch.includeChildren,
    confirmUrl: confirmUrl(baseUrl, watch),
  };
  return {
    subject: view.subject,
    text: templates.confirmText(view),
    html: templates.confirmHtml(view),
    headers: {},
  };
}
