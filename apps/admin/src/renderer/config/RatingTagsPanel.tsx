import { useContext, useState } from 'react';
import {
  ratingTagsOf,
  t as text,
  type HallState,
  type RatingScore,
  type RatingTag,
} from '@onestop/shared';
import { LangContext, useT } from '../strings.js';
import { IssuesAt, Panel, useRefusal, type Save } from './parts.js';

const LEVELS: readonly RatingScore[] = [5, 4, 3, 2, 1];

/**
 * 评价标签: the tags a visitor may pick with each level of a rating (docs/RATINGS.md), saved as
 * the whole list (`rating_tags`); the hub checks it with the configuration and names a wrong row.
 */
export function RatingTagsPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [tags, setTags] = useState<RatingTag[]>(() =>
    ratingTagsOf(props.state.config).map((x) => ({
      ...x,
      name: { ...x.name },
      scores: [...x.scores],
    })),
  );
  const { issues, setRefusal, errorId } = useRefusal();
  const edit = (i: number, tag: RatingTag) => setTags(tags.map((x, j) => (j === i ? tag : x)));
  const toggle = (i: number, tag: RatingTag, level: RatingScore) =>
    edit(i, {
      ...tag,
      scores: tag.scores.includes(level)
        ? tag.scores.filter((s) => s !== level)
        : LEVELS.filter((s) => s === level || tag.scores.includes(s)),
    });
  return (
    <Panel title="ratingTags" testId="config-rating-tags">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void props.save({ kind: 'rating_tags', tags }).then(setRefusal);
        }}
      >
        <table className="grid">
          <thead>
            <tr>
              <th>{t('tagId')}</th>
              <th>{t('langZh')}</th>
              <th>{t('langEn')}</th>
              <th>{t('tagLevels')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tags.map((tag, i) => (
              <tr key={i} data-tag={tag.id}>
                <td>
                  <input
                    className="narrow"
                    aria-label={`${t('tagId')} ${i + 1}`}
                    value={tag.id}
                    maxLength={64}
                    onChange={(e) => edit(i, { ...tag, id: e.target.value })}
                  />
                </td>
                {(['zh', 'en'] as const).map((l) => (
                  <td key={l}>
                    <input
                      aria-label={`${t(l === 'zh' ? 'langZh' : 'langEn')} ${i + 1}`}
                      value={tag.name[l]}
                      maxLength={100}
                      onChange={(e) =>
                        edit(i, { ...tag, name: { ...tag.name, [l]: e.target.value } })
                      }
                    />
                  </td>
                ))}
                <td className="tag-levels">
                  {LEVELS.map((level) => (
                    <label key={level} className="check">
                      <input
                        type="checkbox"
                        checked={tag.scores.includes(level)}
                        onChange={() => toggle(i, tag, level)}
                      />
                      {text(`rating.${level}`, lang)}
                    </label>
                  ))}
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setTags(tags.filter((_, j) => j !== i))}
                  >
                    {t('remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <IssuesAt issues={issues} rest={[]} id={`${errorId}-rest`} />
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            onClick={() => setTags([...tags, { id: '', name: { zh: '', en: '' }, scores: [] }])}
          >
            {t('add')}
          </button>
          <button type="submit">{t('save')}</button>
        </div>
      </form>
    </Panel>
  );
}
