import { strFromU8, unzipSync } from 'fflate';
import type { ReportRow } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import type { ConsoleAccount } from './accounts.js';
import {
  csvField,
  reportCsv,
  reportScope,
  reportTable,
  reportXlsx,
  type ReportTable,
} from './report-export.js';
import type { RegionReport } from './store/figures.js';

const row = (key: string, over: Partial<ReportRow> = {}): ReportRow => ({
  key,
  issued: 10,
  served: 8,
  noShow: 1,
  cancelled: 1,
  expired: 0,
  avgWaitMs: 312_000,
  p90WaitMs: 600_000,
  avgServiceMs: 240_000,
  transfers: 0,
  rated: 4,
  avgScore: 4.5,
  satisfied: 3,
  satisfactionRate: 0.75,
  complaints: 0,
  ...over,
});

const report: RegionReport = {
  from: '2026-03-02',
  to: '2026-03-03',
  groupBy: 'hall',
  halls: ['H-A', 'H-B', 'H-C'],
  rows: [
    row('H-A'),
    row('H-B', {
      avgWaitMs: null,
      p90WaitMs: null,
      rated: 0,
      avgScore: null,
      satisfactionRate: null,
    }),
    row('H-C'),
  ],
  total: row('(total)', { issued: 30, served: 24 }),
};
const names = new Map([
  ['H-A', '东城区政务服务中心'],
  ['H-B', '西城区 "便民" 服务站, 一楼'],
  ['H-C', '=HYPERLINK("http://x")'],
]);

describe('the report as a table', () => {
  it('names each group by its hall, puts waits in minutes and ends with the total', () => {
    const table = reportTable(report, 'zh', names);
    expect(table.header[0]).toBe('分组');
    expect(table.header).toContain('平均等候（分钟）');
    expect(table.rows.map((r) => r[0])).toEqual([...names.values()]);
    expect(table.rows[0]?.[6]).toEqual({ value: 5.2, format: '0.0' });
    expect(table.rows[1]?.[6]).toBeNull();
    expect(table.total[0]).toBe('合计');
    expect(table.total[1]).toBe(30);
    expect(reportTable(report, 'en', names).header[1]).toBe('Issued');
  });

  it('names a window by its hall and an hour as HH:00, (none) in words', () => {
    const byWindow = reportTable(
      { ...report, groupBy: 'window', rows: [row('H-A/w10'), row('H-A/(none)')] },
      'en',
      names,
    );
    expect(byWindow.rows.map((r) => r[0])).toEqual([
      '东城区政务服务中心 / w10',
      '东城区政务服务中心 / (none)',
    ]);
    // With the names the halls gave: a clerk's code and name, a window's id and name.
    const byClerk = reportTable(
      { ...report, groupBy: 'clerk', rows: [row('H-A/C10'), row('H-A/C11')] },
      'zh',
      names,
      new Map([['H-A/C10', '窗口员10']]),
    );
    expect(byClerk.rows.map((r) => r[0])).toEqual([
      '东城区政务服务中心 / C10 窗口员10',
      '东城区政务服务中心 / C11',
    ]);
    const byHour = reportTable({ ...report, groupBy: 'hour', rows: [row('09')] }, 'zh', names);
    expect(byHour.rows[0]?.[0]).toBe('09:00');
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('starts with a UTF-8 byte order mark and ends every line with CRLF', () => {
    const bytes = reportCsv(reportTable(report, 'zh', names));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(report.rows.length + 3);
    expect(lines[0]).toBe(
      '分组,取号,办结,过号,取消,作废,平均等候（分钟）,90% 等候（分钟）,平均办理（分钟）,转办,评价数,平均评分,满意率,投诉',
    );
    expect(lines[1]).toBe('东城区政务服务中心,10,8,1,1,0,5.2,10,4,0,4,4.5,75.0%,0');
    expect(lines[2]).toBe('"西城区 ""便民"" 服务站, 一楼",10,8,1,1,0,,,4,0,0,,,0');
    expect(lines[3]?.startsWith(`"'=HYPERLINK(""http://x"")",`)).toBe(true);
    expect(lines[4]?.startsWith('合计,30,24,')).toBe(true);
  });
});

describe('XLSX', () => {
  const sheetOf = async (table: ReportTable): Promise<string> => {
    const files = unzipSync(new Uint8Array(await reportXlsx(table, '统计报表')));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ]),
    );
    const workbook = strFromU8(files['xl/workbook.xml'] ?? new Uint8Array());
    expect(workbook).toContain('name="统计报表"');
    const shared = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    return `${strFromU8(files['xl/worksheets/sheet1.xml'] ?? new Uint8Array())}\n${shared}`;
  };

  it('opens as a workbook whose sheet holds the header, the rows as numbers and the total', async () => {
    const xml = await sheetOf(reportTable(report, 'zh', names));
    // Texts (the header, the halls' names, even one like a formula) are strings, never formulas.
    expect(xml).toContain('东城区政务服务中心');
    expect(xml).toContain('<t>西城区 "便民" 服务站, 一楼</t>');
    expect(xml).toContain('<t>=HYPERLINK("http://x")</t>');
    expect(xml).not.toContain('<f>');
    expect(xml).toContain('合计');
    expect(xml).toContain('平均等候（分钟）');
    // Numbers are numbers: the wait in minutes and the satisfaction as a fraction.
    expect(xml).toMatch(/<c r="G2"[^>]*><v>5\.2<\/v><\/c>/);
    expect(xml).toMatch(/<c r="M2"[^>]*><v>0\.75<\/v><\/c>/);
    expect(xml).toMatch(/<c r="B5"[^>]*><v>30<\/v><\/c>/);
    // Five rows: the header, three halls and the total.
    expect(xml.match(/<row /g)).toHaveLength(5);
  });
});

describe('which halls a report covers', () => {
  const admin: ConsoleAccount = { id: 'A-1', name: '区管理员', role: 'region_admin', halls: 'all' };
  const sup: ConsoleAccount = {
    id: 'A-2',
    name: '督查员甲',
    role: 'supervisor',
    halls: ['H-A', 'H-B'],
  };

  it('a region admin: every hall, or those named', () => {
    expect(reportScope(admin, undefined)).toEqual({ ok: true, halls: undefined });
    expect(reportScope(admin, ['H-Z'])).toEqual({ ok: true, halls: ['H-Z'] });
  });

  it('a supervisor: their own halls, some of them, never another', () => {
    expect(reportScope(sup, undefined)).toEqual({ ok: true, halls: ['H-A', 'H-B'] });
    expect(reportScope(sup, ['H-B'])).toEqual({ ok: true, halls: ['H-B'] });
    expect(reportScope(sup, ['H-A', 'H-C'])).toEqual({ ok: false, hallId: 'H-C' });
  });
});
