import type { DocumentStatus } from '../../core/model';

export const statusNames: Record<DocumentStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  done: 'Done',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** Published dates are ISO (YYYY-MM-DD or a date-time); show them in the analyst's locale. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

const numberFormat = new Intl.NumberFormat();
export function formatCount(n: number): string {
  return numberFormat.format(n);
}
