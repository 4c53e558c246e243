import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState, type ConfigChange, type Refusal } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { CombinedVisitsPanel, formatSteps, parseSteps } from './CombinedVisits.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

describe('the steps of a combined visit as typed', () => {
  it('are read step by step, services of a step by commas, and written back alike', () => {
    expect(parseSteps('marriage > tax, invoice')).toEqual([
      { serviceIds: ['marriage'] },
      { serviceIds: ['tax', 'invoice'] },
    ]);
    expect(parseSteps(' residence，tax → invoice > ')).toEqual([
      { serviceIds: ['residence', 'tax'] },
      { serviceIds: ['invoice'] },
    ]);
    expect(parseSteps('')).toEqual([]);
    expect(formatSteps(parseSteps('marriage > tax, invoice'))).toBe('marriage > tax, invoice');
  });
});

function show(answer: Refusal | null = null) {
  const changes: ConfigChange[] = [];
  const save = (change: ConfigChange) => {
    changes.push(change);
    return Promise.resolve(answer);
  };
  const config = testHall();
  config.combinedVisits = [
    {
      id: 'wedding',
      departmentId: 'civil',
      name: { zh: '婚育一件事', en: 'Getting married' },
      description: null,
      steps: [{ serviceIds: ['marriage'] }, { serviceIds: ['residence', 'tax'] }],
    },
  ];
  render(
    <LangContext.Provider value="en">
      <CombinedVisitsPanel state={initialState(config)} save={save} />
    </LangContext.Provider>,
  );
  return { changes, panel: screen.getByTestId('config-visits') };
}

describe('the combined visits panel', () => {
  it('renames a visit and changes its steps and department, saved as one put', async () => {
    const { changes, panel } = show();
    const steps = within(panel).getByRole('list', { name: 'wedding Steps' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Marriage registration', 'Residence certificate + Tax returns']);
    const save = within(panel).getByRole('button', { name: 'Save' });
    expect(save.hasAttribute('disabled')).toBe(true);
    fireEvent.change(within(panel).getByLabelText('wedding English name'), {
      target: { value: 'Marriage and home' },
    });
    fireEvent.change(within(panel).getByLabelText('wedding Steps', { selector: 'input' }), {
      target: { value: 'marriage > tax > ghost' },
    });
    fireEvent.change(within(panel).getByLabelText('wedding Department'), {
      target: { value: '' },
    });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Marriage registration', 'Tax returns', 'ghost ?']);
    await userEvent.click(save);
    expect(changes).toEqual([
      {
        kind: 'combined_visit',
        visit: {
          id: 'wedding',
          departmentId: null,
          name: { zh: '婚育一件事', en: 'Marriage and home' },
          description: null,
          steps: [{ serviceIds: ['marriage'] }, { serviceIds: ['tax'] }, { serviceIds: ['ghost'] }],
        },
      },
    ]);
  });

  it('adds a visit with its description, and removes one', async () => {
    const { changes, panel } = show();
    const form = panel.querySelector<HTMLElement>('[data-visit="new"]');
    if (!form) throw new Error('no form for a new visit');
    const type = (label: string, value: string) =>
      fireEvent.change(within(form).getByLabelText(label, { selector: 'input, select' }), {
        target: { value },
      });
    type('Id', 'tax-day');
    type('Chinese name', '报税一件事');
    type('English name', 'Filing taxes');
    type('Department', 'tax');
    type('Steps', 'invoice > tax');
    type('Chinese description', '先领发票再申报');
    await userEvent.click(within(form).getByRole('button', { name: 'Add a combined visit' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Remove' }));
    expect(changes).toEqual([
      {
        kind: 'combined_visit',
        visit: {
          id: 'tax-day',
          departmentId: 'tax',
          name: { zh: '报税一件事', en: 'Filing taxes' },
          description: { zh: '先领发票再申报', en: '' },
          steps: [{ serviceIds: ['invoice'] }, { serviceIds: ['tax'] }],
        },
      },
      { kind: 'combined_visit_remove', visitId: 'wedding' },
    ]);
    // Added: the form is cleared for the next one.
    expect(within(form).getByLabelText<HTMLInputElement>('Id').value).toBe('');
  });
});
