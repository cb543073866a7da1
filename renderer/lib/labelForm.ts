/**
 * What the Labels dialog (components/LabelsDialog.svelte) needs beside the contract: the fields of
 * a label as typed, checked with the contract's own schemas before anything is sent, and the
 * service's refusals put beside the field they are about.
 */
import { apiInputs, reservedHotkeyRefusal, type ApiInput, type Label } from '../../contract/api';
import { errorField, errorMessage } from './api';

export type LabelField = 'name' | 'color' | 'hotkey' | 'description';

/** A label's fields as the analyst typed them (an empty hotkey is none). */
export interface LabelDraft {
  name: string;
  color: string;
  hotkey: string;
  description: string;
}

/** A problem to show beside `field`, or under the whole row when `field` is null. */
export interface LabelProblem {
  field: LabelField | null;
  message: string;
}

export function draftOf(label: Label): LabelDraft {
  return { name: label.name, color: label.color, hotkey: label.hotkey ?? '', description: label.description };
}

/** Hotkeys are lower case (the contract's rule): a typed capital means the same key. */
function hotkeyOf(draft: LabelDraft): string | null {
  const key = draft.hotkey.trim().toLowerCase();
  return key === '' ? null : key;
}

function isLabelField(field: unknown): field is LabelField {
  return field === 'name' || field === 'color' || field === 'hotkey' || field === 'description';
}

function problemOf(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>): LabelProblem {
  const issue = issues[0];
  const field = issue?.path[0];
  return { field: isLabelField(field) ? field : null, message: issue?.message ?? 'invalid' };
}

/** The fields of `draft` that differ from `label`, as updateLabel takes them; a problem when the contract would refuse them. */
export function labelPatch(label: Label, draft: LabelDraft): ApiInput<'updateLabel'> | LabelProblem {
  const patch: ApiInput<'updateLabel'> = { id: label.id };
  if (draft.name.trim() !== label.name) patch.name = draft.name;
  if (draft.color.toLowerCase() !== label.color.toLowerCase()) patch.color = draft.color;
  if (hotkeyOf(draft) !== label.hotkey) patch.hotkey = hotkeyOf(draft);
  if (draft.description !== label.description) patch.description = draft.description;
  // Only a changed hotkey: a label that already has N (from before this rule) can still be saved.
  const reserved = patch.hotkey === undefined ? null : reservedHotkeyRefusal(patch.hotkey);
  if (reserved) return { field: 'hotkey', message: reserved };
  const checked = apiInputs.updateLabel.safeParse(patch);
  return checked.success ? patch : problemOf(checked.error.issues);
}

/** A new label as createLabel takes it; a problem when the contract would refuse it. */
export function newLabel(draft: LabelDraft): ApiInput<'createLabel'> | LabelProblem {
  const input: ApiInput<'createLabel'> = { name: draft.name, color: draft.color, hotkey: hotkeyOf(draft) };
  if (draft.description !== '') input.description = draft.description;
  const reserved = reservedHotkeyRefusal(input.hotkey ?? null);
  if (reserved) return { field: 'hotkey', message: reserved };
  const checked = apiInputs.createLabel.safeParse(input);
  return checked.success ? input : problemOf(checked.error.issues);
}

export function isProblem(value: object): value is LabelProblem {
  return 'message' in value;
}

/**
 * A refusal from the service, beside the field it names (projectService's createLabel and updateLabel
 * name 'name' for a taken name, 'hotkey' for a taken or reserved key); anything else (read-only,
 * busy, a label in use) under the row.
 */
export function problemOfRefusal(error: unknown): LabelProblem {
  const field = errorField(error);
  return { field: isLabelField(field) ? field : null, message: errorMessage(error) };
}

/** The first digit key no label has (1–9, then 0), for a new label; '' when all ten are taken. */
export function nextFreeDigit(labels: readonly Pick<Label, 'hotkey'>[]): string {
  const taken = new Set(labels.map((label) => label.hotkey));
  return ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].find((digit) => !taken.has(digit)) ?? '';
}
