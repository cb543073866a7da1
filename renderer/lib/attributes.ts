/**
 * A span's attribute values as the Selected span section shows and edits them: as text. Values are
 * strings, numbers or booleans (brat's A lines: a flag is true, a value is a string).
 */
import { MAX_ATTRIBUTES } from '../../contract/api';
import type { SpanAttributeValue } from '../../core/model';

/** Strings as written, the rest as JSON (true, 3). */
export function attributeText(value: SpanAttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Edited text back into a value. A number or a boolean stays one while the text still reads as one
 * (the analyst changed 3 to 4, not the type); a new attribute's true or false is a flag; anything
 * else is the text as typed.
 */
export function attributeFromText(text: string, before: SpanAttributeValue | undefined): SpanAttributeValue {
  const trimmed = text.trim();
  if ((before === undefined || typeof before === 'boolean') && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  if (typeof before === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

/**
 * Why a new pair cannot be added to `attributes` as typed, worded for the analyst (the back end's
 * refusal names its own fields); null when it can. Own names only: "constructor" is a plain name.
 */
export function newAttributeProblem(attributes: Readonly<Record<string, SpanAttributeValue>>, name: string, value: string): string | null {
  if (name === '') return 'Name the attribute first.';
  // The contract's record parsing drops a __proto__ key without a word: say so rather than show it as saved.
  if (name === '__proto__') return '__proto__ cannot be an attribute name: choose another.';
  if (Object.hasOwn(attributes, name)) return `${name} is already an attribute of this span: change its value above.`;
  if (value.trim() === '') return `Give ${name} a value (true for a flag).`;
  if (Object.keys(attributes).length >= MAX_ATTRIBUTES) return `A span has at most ${MAX_ATTRIBUTES} attributes: remove one to add ${name}.`;
  return null;
}
