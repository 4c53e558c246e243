import { describe, expect, it } from 'vitest';
import { MONDAY, EngineTestHall, shanghai, testHall } from '@onestop/shared/testing';
import { unavailableReason } from './model.js';

describe('a service tile on the hall calendar', () => {
  it('is closed on a holiday and open on a weekend day worked, as the engine decides', () => {
    const config = testHall();
    config.hall.holidays = [MONDAY];
    config.hall.extraWorkdays = ['2025-03-08'];
    const holiday = EngineTestHall.open(config, shanghai(MONDAY, '10:00'));
    // Invoices are served Monday to Friday, 09:00-12:00 and 13:30-17:00.
    const invoice = holiday.state.config.services.find((s) => s.id === 'invoice');
    if (!invoice) throw new Error('no invoice');
    expect(unavailableReason(holiday.state, invoice, shanghai(MONDAY, '10:00'))).toBe(
      'service_closed_now',
    );
    expect(unavailableReason(holiday.state, invoice, shanghai('2025-03-04', '10:00'))).toBeNull();
    // Saturday 8 March is worked: weekday hours apply.
    expect(unavailableReason(holiday.state, invoice, shanghai('2025-03-08', '10:00'))).toBeNull();
    expect(unavailableReason(holiday.state, invoice, shanghai('2025-03-15', '10:00'))).toBe(
      'service_closed_now',
    );
  });
});
