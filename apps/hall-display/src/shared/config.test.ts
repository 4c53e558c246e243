import { describe, expect, it } from 'vitest';
import { configFromQuery, DEFAULT_DISPLAY_CONFIG, isQuiet, parseDisplayConfig } from './config.js';

describe('parseDisplayConfig', () => {
  it('takes the defaults for what is missing', () => {
    expect(parseDisplayConfig(undefined)).toEqual({ config: DEFAULT_DISPLAY_CONFIG, problems: [] });
    expect(parseDisplayConfig({})).toEqual({ config: DEFAULT_DISPLAY_CONFIG, problems: [] });
  });

  it('reads a full config', () => {
    const raw = {
      hubUrl: 'http://192.168.1.10:7800',
      languages: ['en', 'zh'],
      departments: ['tax'],
      windows: null,
      repeats: 3,
      volume: 0.6,
      quietHours: [{ from: '12:00', to: '13:30' }],
      voice: 'clips',
      highlightSeconds: 10,
      screen: 1,
      audioOutput: 'hdmi-1',
    };
    expect(parseDisplayConfig(raw)).toEqual({ config: raw, problems: [] });
  });

  it('names every wrong field and keeps its default', () => {
    const { config, problems } = parseDisplayConfig({
      hubUrl: 'ftp://x',
      languages: ['fr'],
      windows: ['w 1'],
      repeats: 0,
      volume: 2,
      quietHours: [{ from: '25:00', to: '01:00' }],
      voice: 'loud',
      screen: -1,
      extra: true,
    });
    expect(config).toEqual(DEFAULT_DISPLAY_CONFIG);
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'extra',
      'hubUrl',
      'languages',
      'windows',
      'repeats',
      'volume',
      'quietHours',
      'voice',
      'screen',
    ]);
    expect(parseDisplayConfig([1]).problems).toEqual(['(root): an object']);
  });
});

describe('configFromQuery', () => {
  it('lets the address choose the windows, departments, languages and voice', () => {
    const base = { ...DEFAULT_DISPLAY_CONFIG, repeats: 3 };
    expect(configFromQuery('?windows=w1,w2&lang=en&voice=clips&volume=0.5', base)).toEqual({
      ...base,
      windows: ['w1', 'w2'],
      languages: ['en'],
      voice: 'clips',
      volume: 0.5,
    });
    expect(configFromQuery('?departments=tax', base).departments).toEqual(['tax']);
    expect(configFromQuery('', base)).toEqual(base);
    // Nonsense in the address is ignored.
    expect(configFromQuery('?repeats=99&lang=xx', base)).toEqual(base);
  });
});

describe('isQuiet', () => {
  it('covers spans within a day and across midnight, from inclusive, to exclusive', () => {
    const spans = [
      { from: '12:00', to: '13:30' },
      { from: '22:00', to: '07:00' },
    ];
    expect(isQuiet(spans, '12:00')).toBe(true);
    expect(isQuiet(spans, '13:29')).toBe(true);
    expect(isQuiet(spans, '13:30')).toBe(false);
    expect(isQuiet(spans, '23:15')).toBe(true);
    expect(isQuiet(spans, '06:59')).toBe(true);
    expect(isQuiet(spans, '07:00')).toBe(false);
    expect(isQuiet([], '12:00')).toBe(false);
  });
});
