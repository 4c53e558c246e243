import { useEffect, useRef, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { t, type IdCardHolder, type Lang } from '@onestop/shared';
import { CARD_READ_ERRORS, type CardReadError, type KioskApi } from '../../shared/api.js';

/** How often the reader is asked while the card screen is up. */
export const CARD_POLL_MS = 700;

/** What the preload answers, parsed like everything that crosses into the page. */
const CardReadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('card'),
    idNumber: z.string().regex(/^\d{17}[\dX]$/u),
    name: z.string().min(1).max(30),
  }),
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('error'), error: z.enum(CARD_READ_ERRORS) }),
]);

/**
 * Asks the reader about once every CARD_POLL_MS while mounted, until a card is read (given to
 * `onCard`); the reader's last trouble, or null. Also used by the confirm screen of a remote number.
 */
export function useCardReads(
  api: Pick<KioskApi, 'readCard'>,
  onCardRead: (card: IdCardHolder) => void,
): CardReadError | null {
  const [error, setError] = useState<CardReadError | null>(null);
  // The latest callback, without restarting the reads at each render.
  const onCard = useRef(onCardRead);
  useEffect(() => {
    onCard.current = onCardRead;
  });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let answer: z.infer<typeof CardReadSchema>;
      try {
        const parsed = CardReadSchema.safeParse(await api.readCard());
        answer = parsed.success ? parsed.data : { kind: 'error', error: 'bad_data' };
      } catch {
        answer = { kind: 'error', error: 'no_answer' };
      }
      if (stopped) return;
      if (answer.kind === 'card') {
        onCard.current({ number: answer.idNumber, name: answer.name });
        return;
      }
      if (answer.kind === 'error') setError(answer.error);
      timer = setTimeout(() => void poll(), CARD_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);
  return error;
}

/**
 * The resident ID card step (docs/VISITORS.md): after a service is chosen, "place your ID card on
 * the reader". The reader is asked about once every CARD_POLL_MS until a card is read; its
 * troubles are shown in plain words and the visitor lays the card on again. "No ID card" goes on
 * without one (`hall.withoutIdCard`: a ticket anyway, or the staff).
 */
export function CardScreen(props: {
  lang: Lang;
  api: Pick<KioskApi, 'readCard'>;
  onCard: (card: IdCardHolder) => void;
  onNoCard: () => void;
  onCancel: () => void;
}): ReactNode {
  const { lang, api } = props;
  const error = useCardReads(api, props.onCard);

  return (
    <section className="card-panel" data-testid="card-step" aria-labelledby="card-title">
      <h1 id="card-title" className="kiosk-prompt">
        {t('kiosk.card.title', lang)}
      </h1>
      <div className="card-picture" aria-hidden="true">
        <div className="card-reader">
          <div className="card-card" />
        </div>
      </div>
      <p className="checkin-prompt">{t('kiosk.card.hint', lang)}</p>
      {error === null ? (
        <p className="card-waiting" role="status">
          {t('kiosk.card.reading', lang)}
        </p>
      ) : (
        <div className="checkin-error" role="alert" data-testid="card-error">
          {t(`kiosk.card.error.${error}`, lang)}
        </div>
      )}
      <div className="dialog-buttons card-buttons">
        <button type="button" className="button card-none" onClick={props.onNoCard}>
          {t('kiosk.card.noCard', lang)}
        </button>
        <button type="button" className="button back" onClick={props.onCancel}>
          {t('kiosk.cancel', lang)}
        </button>
      </div>
    </section>
  );
}
