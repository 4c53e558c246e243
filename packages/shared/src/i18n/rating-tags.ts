import type { HallConfig, Lang, RatingScore, RatingTag } from '../domain/types.js';
import { isRatingReason } from '../domain/types.js';
import { t } from './lookup.js';

const GOOD: RatingScore[] = [5, 4];
const POOR: RatingScore[] = [2, 1];

/**
 * The tags a hall has until it sets its own: 服务热情 and 一次办成 for the good levels; 多次跑腿,
 * 态度生硬, 等候太久 and the pad's former poor-rating reasons (办理太慢, 解释不清楚, 要求材料不合理)
 * for the poor ones. Their ids are the former reasons' codes where they mean the same.
 */
export const DEFAULT_RATING_TAGS: readonly RatingTag[] = (
  [
    ['warm', GOOD],
    ['once', GOOD],
    ['errands', POOR],
    ['attitude', POOR],
    ['wait', POOR],
    ['slow', POOR],
    ['unclear', POOR],
    ['rules', POOR],
  ] as const
).map(([id, scores]) => ({
  id,
  name: { zh: t(`rating_tag.${id}`, 'zh'), en: t(`rating_tag.${id}`, 'en') },
  scores: [...scores],
}));

/** The hall's rating tags: its own, or the default ones when it has set none. */
export function ratingTagsOf(config: HallConfig): readonly RatingTag[] {
  return config.ratingTags ?? DEFAULT_RATING_TAGS;
}

/** The tags offered with a rating of `score`, in the hall's order. */
export function ratingTagsFor(config: HallConfig, score: RatingScore): RatingTag[] {
  return ratingTagsOf(config).filter((tag) => tag.scores.includes(score));
}

/**
 * A stored reason's words: the hall's tag of that id, a former reason code's, or the text as
 * stored (a reason written by an older pad).
 */
export function ratingTagText(reason: string, config: HallConfig, lang: Lang): string {
  const tag = ratingTagsOf(config).find((x) => x.id === reason);
  if (tag) return tag.name[lang];
  return isRatingReason(reason) ? t(`rating_reason.${reason}`, lang) : reason;
}
