import type { NewLabel } from '../db/labelsRepo';

/** The label schema every new project starts with. Colours are distinct for colour-blind readers too. */
export const DEFAULT_LABELS: readonly NewLabel[] = [
  { name: 'Agency', color: '#2f6fdf', hotkey: '1', description: 'An actor: a state, body, organization or person that acts.' },
  { name: 'Decision', color: '#d9822b', hotkey: '2', description: 'A decision, agreement or resolution that was taken.' },
  { name: 'PlannedEvent', color: '#2e9e6a', hotkey: '3', description: 'An event planned or scheduled for the future.' },
];
