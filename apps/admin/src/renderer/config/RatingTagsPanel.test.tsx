import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState, type ConfigChange, type Refusal } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { RatingTagsPanel } from './RatingTagsPanel.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

function show(answer: Refusal | null = null) {
  const changes: ConfigChange[] = [];
  const save = (change: ConfigChange) => {
    changes.push(change);
    return Promise.resolve(answer);
  };
  render(
    <LangContext.Provider value="zh">
      <RatingTagsPanel state={initialState(testHall())} save={save} />
    </LangContext.Provider>,
  );
  return changes;
}

describe('the rating tags of the console', () => {
  it('starts from the default tags and saves the whole list edited', async () => {
    const changes = show();
    const user = userEvent.setup();
    const panel = screen.getByTestId('config-rating-tags');
    expect(
      [...panel.querySelectorAll('tr[data-tag]')].map((r) => r.getAttribute('data-tag')),
    ).toEqual(['warm', 'once', 'errands', 'attitude', 'wait', 'slow', 'unclear', 'rules']);
    // Remove 要求材料不合理, add 办得快 for 满意 only.
    const rules = panel.querySelector('tr[data-tag="rules"]') as HTMLElement;
    await user.click(within(rules).getByRole('button', { name: '移除' }));
    await user.click(within(panel).getByRole('button', { name: '添加' }));
    await user.type(within(panel).getByLabelText('标识 8'), 'fast');
    await user.type(within(panel).getByLabelText('中文 8'), '办得快');
    await user.type(within(panel).getByLabelText('英文 8'), 'Quick');
    const row = panel.querySelector('tr[data-tag="fast"]') as HTMLElement;
    await user.click(within(row).getByLabelText('满意'));
    await user.click(within(panel).getByRole('button', { name: '保存' }));
    const [change] = changes;
    expect(change?.kind).toBe('rating_tags');
    if (change?.kind !== 'rating_tags') return;
    expect(change.tags.map((x) => [x.id, x.scores])).toEqual([
      ['warm', [5, 4]],
      ['once', [5, 4]],
      ['errands', [2, 1]],
      ['attitude', [2, 1]],
      ['wait', [2, 1]],
      ['slow', [2, 1]],
      ['unclear', [2, 1]],
      ['fast', [4]],
    ]);
    expect(change.tags.at(-1)?.name).toEqual({ zh: '办得快', en: 'Quick' });
  });
});
