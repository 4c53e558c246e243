import { describe, expect, it } from 'vitest';
import type { Service } from '@onestop/shared';
import { formOf, guideFrom } from './GuidePanel.js';

const SERVICE: Service = {
  id: 'hukou',
  departmentId: 'police',
  prefix: 'E',
  name: { zh: '户籍办理', en: 'Household registration' },
  dailyQuota: null,
  hours: [],
  defaultMinutes: 10,
  enabled: true,
};

describe('the service guide form (办事指南)', () => {
  it('reads materials one a line in both languages, the fee, and nothing as null', () => {
    expect(
      guideFrom({
        materialsZh: ' 身份证 \n\n户口簿',
        materialsEn: 'ID card',
        feeZh: '免费',
        feeEn: '',
      }),
    ).toEqual({
      materials: [
        { zh: '身份证', en: 'ID card' },
        { zh: '户口簿', en: '户口簿' },
      ],
      fee: { zh: '免费', en: '免费' },
    });
    expect(guideFrom({ materialsZh: ' \n', materialsEn: '', feeZh: '', feeEn: '' })).toBeNull();
  });

  it('gives back the guide it was filled from', () => {
    const guide = {
      materials: [{ zh: '身份证', en: 'ID card' }],
      fee: { zh: '工本费 20 元', en: 'CNY 20' },
    };
    expect(guideFrom(formOf({ ...SERVICE, guide }))).toEqual(guide);
    expect(formOf(SERVICE)).toEqual({ materialsZh: '', materialsEn: '', feeZh: '', feeEn: '' });
  });
});
