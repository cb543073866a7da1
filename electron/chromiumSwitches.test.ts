import { describe, expect, it } from 'vitest';
import { chromiumSwitches } from './chromiumSwitches';

describe('chromiumSwitches', () => {
  it('asks for two raster threads where Chromium would use one', () => {
    expect(chromiumSwitches(1)).toEqual([['num-raster-threads', '2']]);
    expect(chromiumSwitches(2)).toEqual([['num-raster-threads', '2']]);
    expect(chromiumSwitches(3)).toEqual([['num-raster-threads', '2']]);
  });

  it("leaves Chromium's own choice from four cores on", () => {
    expect(chromiumSwitches(4)).toEqual([]);
    expect(chromiumSwitches(16)).toEqual([]);
  });
});
