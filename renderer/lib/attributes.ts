/**
 * A span's attribute values as the Selected span section shows and edits them: as text. Values are
 * strings, numbers or booleans (brat's A lines: a flag is true, a value is a string).
 */
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
