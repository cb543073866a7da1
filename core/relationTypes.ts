/**
 * Relation types offered when the analyst links two spans. The defaults fit the project's domain
 * (an Agency decides a Decision, plans a PlannedEvent, takes part in a meeting); a project's own
 * types come first once it has some, so the words a team settled on win over ours.
 */
export const DEFAULT_RELATION_TYPES: readonly string[] = ['decides', 'plans', 'participates in', 'hosts', 'signs', 'cooperates with', 'part of'];

/** The project's types (most used first), then the defaults it does not use yet; each once, whatever its case. */
export function relationTypeSuggestions(used: readonly string[], defaults: readonly string[] = DEFAULT_RELATION_TYPES): string[] {
  const seen = new Set<string>();
  const suggestions: string[] = [];
  for (const type of [...used, ...defaults]) {
    const key = type.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    suggestions.push(type);
  }
  return suggestions;
}
