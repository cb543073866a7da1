import { describe, expect, it } from 'vitest';
import { isCalendarDay, normalizeDate } from './dates';

describe('normalizeDate', () => {
  it.each([
    ['2020-11-27', '2020-11-27'],
    ['  2020-11-27 ', '2020-11-27'],
    ['2020-11-27T14:05', '2020-11-27T14:05:00'],
    ['2020-11-27T14:05:09Z', '2020-11-27T14:05:09Z'],
    ['2020-11-27 14:05:09.250+0100', '2020-11-27T14:05:09.250+01:00'],
    ['2020-11-27T23:30:00-05:00', '2020-11-27T23:30:00-05:00'],
    ['2020-11-27 14:05 UTC', '2020-11-27T14:05:00Z'],
    ['2020/11/27', '2020-11-27'],
    ['2020.11.27', '2020-11-27'],
    ['27.11.2020', '2020-11-27'],
    ['1.2.2021', '2021-02-01'],
    ['27/11/2020', '2020-11-27'],
    ['11/27/2020', '2020-11-27'],
    ['27-11-2020', '2020-11-27'],
    ['03/03/2020', '2020-03-03'],
    ['Nov. 27, 2020', '2020-11-27'],
    ['Nov 27 2020', '2020-11-27'],
    ['November 27, 2020', '2020-11-27'],
    ['Sept. 3, 2021', '2021-09-03'],
    ['November 27th, 2020', '2020-11-27'],
    ['27 November 2020', '2020-11-27'],
    ['27 Nov. 2020', '2020-11-27'],
    ['1st of March 2021', '2021-03-01'],
    ['Friday, 27 November 2020', '2020-11-27'],
    ['Friday, November 27, 2020 at 2:05 PM', '2020-11-27T14:05:00'],
    ['Nov 27, 2020 12:30 am EST', '2020-11-27T00:30:00-05:00'],
    ['Fri, 27 Nov 2020 14:05:00 +0000', '2020-11-27T14:05:00+00:00'],
    ['Fri, 27 Nov 2020 14:05:00 GMT', '2020-11-27T14:05:00Z'],
    ['27 Nov 2020 14:05 -0800 (PST)', '2020-11-27T14:05:00-08:00'],
    ['Sat, 29 Feb 2020 06:00:00 PDT', '2020-02-29T06:00:00-07:00'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty date ""'],
    ['yesterday', 'unrecognized date "yesterday"'],
    ['2020-02-30', 'invalid date "2020-02-30"'],
    ['2021-02-29', 'invalid date "2021-02-29"'],
    ['2020-13-01', 'invalid date "2020-13-01"'],
    ['05/06/2020', 'ambiguous date (day/month or month/day?) "05/06/2020"'],
    ['27.11.20', 'unrecognized date "27.11.20"'],
    ['Smarch 3, 2020', 'unrecognized date "Smarch 3, 2020"'],
    ['2020-11-27T25:00', 'invalid time "2020-11-27T25:00"'],
    ['Nov 27, 2020 13:00 PM', 'invalid time "Nov 27, 2020 13:00 PM"'],
  ])('refuses %j', (input, reason) => {
    expect(normalizeDate(input)).toEqual({ ok: false, reason });
  });
});

describe('isCalendarDay', () => {
  it('takes days of the calendar written YYYY-MM-DD, and nothing else', () => {
    for (const day of ['2020-11-27', '2020-02-29', '2000-02-29', '1999-12-31']) expect(isCalendarDay(day), day).toBe(true);
    for (const day of ['2020-13-45', '2021-02-29', '1900-02-29', '2021-02-31', '2020-00-10', '2020-99-99', '2020-1-27', '27.11.2020', '2020-11-27T00:00']) {
      expect(isCalendarDay(day), day).toBe(false);
    }
  });
});
