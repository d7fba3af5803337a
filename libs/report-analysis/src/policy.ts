import type { CategoryMatch, PolicyRow } from '@detainer-watch/contracts';
import { categorizePolicy } from '@detainer-watch/jurisdictions';

/**
 * Categories of every Section III row listed for one jurisdiction (a report can list the same jurisdiction twice),
 * merged per category with each triggering phrase quoted once, in report order.
 */
export function categoriesOf(rows: readonly PolicyRow[]): CategoryMatch[] {
  const merged = new Map<CategoryMatch['category'], Set<string>>();
  for (const row of rows) {
    for (const match of categorizePolicy({ policy: row.policy, criteria: row.criteria })) {
      const phrases = merged.get(match.category) ?? new Set<string>();
      for (const phrase of match.phrases) phrases.add(phrase);
      merged.set(match.category, phrases);
    }
  }
  return [...merged].map(([category, phrases]) => ({ category, phrases: [...phrases] }));
}
