/**
 * Publication dates arrive in whatever form the scraper wrote. We store ISO 8601:
 * `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` when the value has a time.
 * An offset is kept as written (not converted to UTC) because the local calendar date is
 * what an analyst means by "published on"; Z, UT, UTC and GMT become `Z`.
 *
 * Accepted: ISO 8601 (`T` or space separator); `2020/11/27`, `2020.11.27`; `27.11.2020`
 * (dotted is always day.month.year); `11/27/2020`, `27/11/2020`, `27-11-2020` only when the
 * day is > 12 (otherwise day/month order is ambiguous and refused); English month names,
 * full or abbreviated, with or without a dot or ordinal suffix (`Nov. 27, 2020`,
 * `27th November 2020`), optionally after a weekday and followed by a time; RFC 2822
 * (`Fri, 27 Nov 2020 14:05:00 +0000`, including its US zone names). Two-digit years are
 * refused rather than guessed.
 */

export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

const MONTHS = new Map<string, number>();
[
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may', 'may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
].forEach((names, index) => names.forEach((name) => MONTHS.set(name, index + 1)));

/** RFC 2822 section 4.3 obsolete zones. */
const ZONES: Record<string, string> = {
  z: 'Z',
  ut: 'Z',
  utc: 'Z',
  gmt: 'Z',
  est: '-05:00',
  edt: '-04:00',
  cst: '-06:00',
  cdt: '-05:00',
  mst: '-07:00',
  mdt: '-06:00',
  pst: '-08:00',
  pdt: '-07:00',
};

const ZONE = String.raw`(z|ut|utc|gmt|[ecmp][sd]t|[+-]\d{2}:?\d{2})`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:\s*([ap])\.?m\.?)?(?:\s*${ZONE})?(?:\s*\([^)]*\))?`;

const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:(?:t|\s+)${TIME})?$`, 'i');
const YMD = new RegExp(String.raw`^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:,?\s+${TIME})?$`, 'i');
const DOTTED_DMY = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+${TIME})?$`, 'i');
const NUMERIC_XYY = new RegExp(String.raw`^(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?:,?\s+${TIME})?$`, 'i');
const NAME_MDY = new RegExp(
  String.raw`^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?$`,
  'i',
);
const NAME_DMY = new RegExp(
  String.raw`^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?$`,
  'i',
);
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

/** Normalizes a publication date; see the module comment for the forms accepted. */
export function normalizeDate(input: string): DateResult {
  const value = input.trim().replace(/\s+/g, ' ');
  const fail = (why = 'unrecognized date'): DateResult => ({ ok: false, reason: `${why} "${input}"` });
  if (value === '') return fail('empty date');

  let m = ISO.exec(value);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m.slice(4), fail);
  m = YMD.exec(value);
  if (m) return build(+m[1]!, +m[3]!, +m[4]!, m.slice(5), fail);
  m = DOTTED_DMY.exec(value);
  if (m) return build(+m[3]!, +m[2]!, +m[1]!, m.slice(4), fail);
  m = NUMERIC_XYY.exec(value);
  if (m) {
    const a = +m[1]!;
    const b = +m[3]!;
    if (a > 12 && b <= 12) return build(+m[4]!, b, a, m.slice(5), fail);
    if (b > 12 && a <= 12) return build(+m[4]!, a, b, m.slice(5), fail);
    if (a === b) return build(+m[4]!, a, b, m.slice(5), fail);
    return fail('ambiguous date (day/month or month/day?)');
  }
  const named = value.replace(WEEKDAY, '');
  m = NAME_MDY.exec(named);
  if (m) {
    const month = MONTHS.get(m[1]!.toLowerCase());
    if (month !== undefined) return build(+m[3]!, month, +m[2]!, m.slice(4), fail);
  }
  m = NAME_DMY.exec(named);
  if (m) {
    const month = MONTHS.get(m[2]!.toLowerCase());
    if (month !== undefined) return build(+m[3]!, month, +m[1]!, m.slice(4), fail);
  }
  return fail();
}

/** `time` = [hour, minute, second, fraction, am/pm, zone] captures, all undefined without a time. */
function build(year: number, month: number, day: number, time: Array<string | undefined>, fail: (why?: string) => DateResult): DateResult {
  if (month < 1 || month > 12 || day < 1 || day > 31) return fail('invalid date');
  const probe = new Date(Date.UTC(2000, month - 1, day));
  probe.setUTCFullYear(year);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return fail('invalid date');
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  const [h, min, s, fraction, meridiem, zone] = time;
  if (h === undefined || min === undefined) return { ok: true, value: date };

  let hour = +h;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return fail('invalid time');
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  const minute = +min;
  const second = s === undefined ? 0 : +s;
  if (hour > 23 || minute > 59 || second > 59) return fail('invalid time');
  let offset = '';
  if (zone !== undefined) {
    const named = ZONES[zone.toLowerCase()];
    if (named !== undefined) offset = named;
    else {
      const digits = zone.replace(':', '');
      const oh = +digits.slice(1, 3);
      const om = +digits.slice(3, 5);
      if (oh > 23 || om > 59) return fail('invalid time zone offset');
      offset = `${digits[0]}${digits.slice(1, 3)}:${digits.slice(3, 5)}`;
    }
  }
  return { ok: true, value: `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction ?? ''}${offset}` };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Whether `value` is a day of the calendar written YYYY-MM-DD: the shape alone lets 2020-13-45 and 2021-02-31 through. */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
