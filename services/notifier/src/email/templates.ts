/**
 * Handlebars sources. The HTML templates use only `{{ }}` (escaped), never `{{{ }}}`: every value comes from a
 * report or a user. The text templates are compiled with `noEscape`.
 */

export const alertText = `ICE Declined Detainer report: jurisdictions you watch
====================================================

You are receiving this because you watch {{watchName}}{{#if includeChildren}} and the places inside it{{/if}}.
ICE's Declined Detainer report for {{period}} lists {{jurisdictionCount}} jurisdiction(s) you watch.

{{#each jurisdictions}}
----------------------------------------------------------------------
{{displayName}}  ({{id}}{{#if fips}}, FIPS {{fips}}{{/if}})
Printed in the report as: {{rawNames}}
{{newness}}

Section I: {{highestVolume}}

Section II: {{declinedCount}} declined detainer(s) listed.
{{#each declinedRows}}
  - {{state}} / {{county}} / {{facility}}
    Citizenship: {{citizenship}}
    Notable criminal activity (as printed): {{notableCriminalActivity}}
    Detainer issued: {{issued}}; declined: {{declined}} (report page {{page}})
{{/each}}

{{#if policies.length}}
Section III: listed as a jurisdiction whose policy limits cooperation with ICE ({{policyRows}}).
{{#each policies}}
  - Listed as: {{jurisdiction}}{{#if aor}} [{{aor}}]{{/if}} (report page {{page}})
    {{#if dateEnacted}}Date enacted (as printed): {{dateEnacted}}
    {{/if}}Policy (as printed): {{text}}
{{#if criteria.length}}
    Criteria for honoring a detainer (as printed):
{{#each criteria}}
      * {{this}}
{{/each}}
{{/if}}
{{/each}}
{{#if categories.length}}
  Our classification of this policy text:
{{#each categories}}
    * {{label}} (from: {{#each phrases}}"{{this}}"{{#unless @last}}, {{/unless}}{{/each}})
{{/each}}
{{/if}}
{{else}}
Section III: not listed.
{{/if}}

ESTIMATE: OJP grant money that could be at risk
  These figures are estimates made from public award records, not amounts withheld.
  Programs: {{exposure.programs}}; fiscal years: {{exposure.fiscalYears}}
  Estimated total: {{exposure.total}} ({{exposure.totalStatus}})
{{#each exposure.lines}}
  - {{program}} (CFDA {{cfda}}), FY {{fiscalYear}}, {{basis}}: {{amount}} [{{status}}]
{{#each sources}}
      Source: {{citation}}{{#if url}} <{{url}}>{{/if}}{{#if note}} ({{note}}){{/if}}
{{/each}}
{{else}}
  No award lines found for the selected programs and years (unknown, not zero).
{{/each}}
  Method: {{exposure.method}}

{{/each}}
----------------------------------------------------------------------
Source report: {{#if sourceUrl}}{{sourceUrl}}{{else}}uploaded file, no public URL{{/if}}
Report id (sha256 of the PDF): {{reportId}}
{{#if unresolvedInReport}}
{{unresolvedInReport}} name(s) in this report could not be matched to a jurisdiction, so an alert about a place you watch may be missing.
{{/if}}

Stop these alerts: {{unsubscribeUrl}}
`;

export const alertHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#222;max-width:760px">
<p>You are receiving this because you watch <strong>{{watchName}}</strong>{{#if includeChildren}} and the places inside it{{/if}}.
ICE's Declined Detainer report for <strong>{{period}}</strong> lists {{jurisdictionCount}} jurisdiction(s) you watch.</p>
{{#each jurisdictions}}
<hr>
<h2 style="font-size:18px;margin-bottom:4px">{{displayName}}</h2>
<p style="color:#555;margin-top:0">{{id}}{{#if fips}}, FIPS {{fips}}{{/if}}. Printed in the report as: {{rawNames}}<br>{{newness}}</p>
<h3 style="font-size:15px">What the report says</h3>
<p><strong>Section I:</strong> {{highestVolume}}</p>
<p><strong>Section II:</strong> {{declinedCount}} declined detainer(s) listed.</p>
{{#if declinedRows.length}}
<table style="border-collapse:collapse;font-size:13px" cellpadding="4" border="1">
<thead><tr><th>State</th><th>County</th><th>Facility</th><th>Citizenship</th><th>Notable criminal activity (as printed)</th><th>Detainer issued</th><th>Declined</th><th>Page</th></tr></thead>
<tbody>
{{#each declinedRows}}
<tr><td>{{state}}</td><td>{{county}}</td><td>{{facility}}</td><td>{{citizenship}}</td><td>{{notableCriminalActivity}}</td><td>{{issued}}</td><td>{{declined}}</td><td>{{page}}</td></tr>
{{/each}}
</tbody></table>
{{/if}}
{{#if policies.length}}
<p><strong>Section III:</strong> listed as a jurisdiction whose policy limits cooperation with ICE ({{policyRows}}).</p>
{{#each policies}}
<p>Listed as: {{jurisdiction}}{{#if aor}} [{{aor}}]{{/if}} (report page {{page}}){{#if dateEnacted}}; date enacted (as printed): {{dateEnacted}}{{/if}}</p>
<blockquote style="margin:0 0 0 12px;padding-left:8px;border-left:3px solid #ccc">{{text}}</blockquote>
{{#if criteria.length}}
<p>Criteria for honoring a detainer (as printed):</p>
<ul>{{#each criteria}}<li>{{this}}</li>{{/each}}</ul>
{{/if}}
{{/each}}
{{#if categories.length}}
<p>Our classification of this policy text:</p>
<ul>{{#each categories}}<li>{{label}} <span style="color:#555">(from: {{#each phrases}}&ldquo;{{this}}&rdquo;{{#unless @last}}, {{/unless}}{{/each}})</span></li>{{/each}}</ul>
{{/if}}
{{else}}
<p><strong>Section III:</strong> not listed.</p>
{{/if}}
<h3 style="font-size:15px">Estimate: OJP grant money that could be at risk</h3>
<p style="color:#555">These figures are <strong>estimates</strong> made from public award records, not amounts withheld.
Programs: {{exposure.programs}}; fiscal years: {{exposure.fiscalYears}}.</p>
<p>Estimated total: <strong>{{exposure.total}}</strong> ({{exposure.totalStatus}})</p>
{{#if exposure.lines.length}}
<table style="border-collapse:collapse;font-size:13px" cellpadding="4" border="1">
<thead><tr><th>Program</th><th>Fiscal year</th><th>Basis</th><th>Estimated amount</th><th>Status</th><th>Sources</th></tr></thead>
<tbody>
{{#each exposure.lines}}
<tr><td>{{program}} (CFDA {{cfda}})</td><td>{{fiscalYear}}</td><td>{{basis}}</td><td style="text-align:right">{{amount}}</td><td>{{status}}</td>
<td>{{#each sources}}{{#if urlIsLink}}<a href="{{url}}">{{citation}}</a>{{else}}{{citation}}{{#if url}} ({{url}}){{/if}}{{/if}}{{#if note}} ({{note}}){{/if}}{{#unless @last}}<br>{{/unless}}{{/each}}</td></tr>
{{/each}}
</tbody></table>
{{else}}
<p>No award lines found for the selected programs and years (unknown, not zero).</p>
{{/if}}
<p style="color:#555">Method: {{exposure.method}}</p>
{{/each}}
<hr>
<p style="color:#555">Source report: {{#if sourceUrlIsLink}}<a href="{{sourceUrl}}">{{sourceUrl}}</a>{{else}}{{#if sourceUrl}}{{sourceUrl}}{{else}}uploaded file, no public URL{{/if}}{{/if}}<br>
Report id (sha256 of the PDF): {{reportId}}
{{#if unresolvedInReport}}<br>{{unresolvedInReport}} name(s) in this report could not be matched to a jurisdiction, so an alert about a place you watch may be missing.{{/if}}</p>
<p style="color:#555"><a href="{{unsubscribeUrl}}">Stop these alerts</a></p>
</body></html>
`;

export const confirmText = `Please confirm your detainer-watch alert

Someone (we hope you) asked to receive an email when ICE's Declined Detainer reports list {{watchName}}{{#if includeChildren}} or a place inside it{{/if}}.

Confirm: {{confirmUrl}}

If you did not ask for this, ignore this message: nothing will be sent unless the link is opened.
`;

export const confirmHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#222;max-width:640px">
<p>Someone (we hope you) asked to receive an email when ICE's Declined Detainer reports list <strong>{{watchName}}</strong>{{#if includeChildren}} or a place inside it{{/if}}.</p>
<p><a href="{{confirmUrl}}">Confirm this alert</a></p>
<p style="color:#555">Or open this address: {{confirmUrl}}</p>
<p style="color:#555">If you did not ask for this, ignore this message: nothing will be sent unless the link is opened.</p>
</body></html>
`;
