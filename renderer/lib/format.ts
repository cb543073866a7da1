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

const sizeUnits = ['bytes', 'KB', 'MB', 'GB', 'TB'];
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${formatCount(value)} ${value === 1 ? 'byte' : 'bytes'}` : `${value.toFixed(value < 10 ? 1 : 0)} ${sizeUnits[unit]}`;
}

/** "42 s", "3 min 5 s", "1 h 20 min" */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
