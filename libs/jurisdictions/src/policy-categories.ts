import type { CategoryMatch, PolicyCategory } from '@detainer-watch/contracts';

export interface PolicyText {
  policy: string;
  criteria: string[];
}

/**
 * Rule-based, multi-label. Each rule looks at one clause at a time (text split on ";", "." and bullets) and quotes
 * the clause that triggered it. Conditions are read as conditions: "will not honor detainers unless accompanied by a
 * judicial warrant" is honors_only_with_judicial_warrant, never declines_all_detainers.
 */
interface Rule {
  category: PolicyCategory;
  /** The clause matches when this pattern does... */
  pattern: RegExp;
  /** ...and this one does not (negations, "continue to notify"). */
  unless?: RegExp;
}

const REFUSAL = String.raw`(?:will not|won'?t|shall not|does not|do not|no longer)\s+(?:be\s+)?hono(?:u)?r(?:ing)?\s+(?:ice\s+|immigration\s+)?detainers?`;
// No word boundaries: the source glues words together ("unlessa judge", "detainerwithout").
const CONDITION = String.raw`(?:unless|without|except|only (?:if|when)|provided)`;
const WARRANT = String.raw`(?:warrant|wan-?ant|waniant|court order|judge|judicial|magistrate|probable cause|probably cause|order of (?:deportation|removal)|deportation order|removal order|arrest order)`;
const SERIOUS = String.raw`\b(?:convicted|conviction|charged with|felon(?:y|ies)?|violent|violence|serious|gang member|homicide|murder|indictable offense|national security|public safety|criminal charges? (?:are |is )?pending|underlying offense|accompanying criminal charge|misdemeanors?|terrorist)\b`;

const RULES: Rule[] = [
  // An unconditional refusal: the refusal with no condition after it in the same clause.
  {
    category: 'declines_all_detainers',
    pattern: new RegExp(REFUSAL, 'i'),
    unless: new RegExp(`${REFUSAL}.*${CONDITION}`, 'i'),
  },
  {
    category: 'honors_only_with_judicial_warrant',
    pattern: new RegExp(
      `${CONDITION}[^;]*?${WARRANT}|accompanied by a (?:judicial|criminal)[^;]*?warrant`,
      'i',
    ),
  },
  {
    category: 'honors_only_serious_or_violent_crimes',
    pattern: new RegExp(`(?:${CONDITION}|^)[^;]*?${SERIOUS}`, 'i'),
  },
  {
    category: 'limits_release_notification',
    pattern:
      /\b(?:prohibit\w*|no|not|never|instead of|will not|limit\w*)\b[^;]{0,60}\b(?:notif\w*|notice)\b/i,
    unless: /continue[^;]{0,40}notif/i,
  },
  {
    category: 'limits_information_sharing',
    pattern:
      /\b(?:shar(?:e|ing) (?:of )?(?:personal )?information|not (?:share|provide|disclose)\b[^;]{0,40}\binformation|information[^;]{0,30}\b(?:will not|shall not) be (?:shared|provided))/i,
  },
  {
    category: 'no_immigration_status_inquiry',
    // "will not arrest based solely on immigration status" is about arrests, not questions, so it does not count.
    pattern: /\b(?:inquir\w*|ask\w*|question\w*)\b[^;]{0,40}\b(?:immigration|citizenship) status\b/i,
  },
  {
    category: 'limits_ice_jail_access',
    pattern:
      /\b(?:access|interview\w*)\b[^;]{0,40}\b(?:jail|facilit\w*|inmates?|detainees?|custody)\b|\b(?:ice|immigration)\b[^;]{0,30}\baccess\b/i,
  },
  {
    category: 'honors_only_with_reimbursement',
    pattern: /\breimburs\w*|\bpays? (?:for )?(?:the )?costs?\b|\bcost of detention\b/i,
  },
];

function clauses(text: string): string[] {
  return text
    .split(/\s*(?:;|•|\u2022|\n|(?<=[a-z)\]])\.\s+(?=[A-Z]))\s*/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

export function categorizePolicy(text: PolicyText): CategoryMatch[] {
  const all = [text.policy, ...text.criteria].flatMap(clauses);
  const out: CategoryMatch[] = [];
  for (const rule of RULES) {
    const phrases = all.filter((c) => rule.pattern.test(c) && !(rule.unless && rule.unless.test(c)));
    if (phrases.length > 0) out.push({ category: rule.category, phrases: [...new Set(phrases)] });
  }
  return out;
}
