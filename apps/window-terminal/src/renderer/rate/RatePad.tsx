import { useCallback, useEffect, useRef, useState } from 'react';
import {
  errorMessage,
  ratingTagsFor,
  t,
  type ClientErrorCode,
  type CommandInput,
  type CommandResultOf,
  type ErrorCode,
  type HallState,
  type Lang,
  type RatingScore,
  type TextKey,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import { hallLangs } from '@onestop/app-common';

/** What the pad needs of the hub: `HubClient<'rate'>` is one. */
export interface RatePort {
  command(
    event: 'rate',
    input: CommandInput<'rate', 'rate'>,
  ): Promise<CommandOutcome<CommandResultOf<'rate', 'rate'>>>;
}

/** A finished service to be rated: set on each `service_finished` at the pad's window. */
export interface RatingRequest {
  ticketId: string;
  /** Distinguishes two requests for the same ticket (two steps finished here). */
  seq: number;
}

export interface RatePadProps {
  port: RatePort;
  state: HallState | null;
  windowId: string;
  request: RatingRequest | null;
  /** With no answer by then, the visit is recorded as not rated (score null). */
  timeoutMs?: number;
  /** How long the thanks stay on screen. */
  thanksMs?: number;
  /** A rating key pressed on a hardware pad (score), once per press. */
  keyScore?: { score: RatingScore; seq: number } | null;
  /**
   * The photo of a clerk, as an address an `<img>` shows (the hub gives it to the hall's own
   * devices only, so the page fetches it with its token); null when there is none.
   */
  photoOf?: (staffCode: string) => Promise<string | null>;
}

/** The photo of `staffCode`, fetched once per clerk; null while there is none. */
function useClerkPhoto(staffCode: string | null, photoOf: RatePadProps['photoOf']): string | null {
  const [photo, setPhoto] = useState<{ code: string; url: string | null } | null>(null);
  useEffect(() => {
    if (staffCode === null || photoOf === undefined) return;
    let current = true;
    void photoOf(staffCode).then(
      (url) => {
        if (current) setPhoto({ code: staffCode, url });
      },
      () => undefined, // no photo shown; the name and the staff number still are
    );
    return () => {
      current = false;
    };
  }, [staffCode, photoOf]);
  return photo !== null && photo.code === staffCode ? photo.url : null;
}

/** Who is rated (好差评): the clerk's photo, name and staff number (工号), as halls must show. */
function ClerkCard(props: {
  order: readonly Lang[];
  staffCode: string;
  name: string;
  photo: string | null;
}) {
  const { order, staffCode, name, photo } = props;
  return (
    <section className="clerk" aria-label={name}>
      {photo !== null && (
        <img
          className="clerk-photo"
          src={photo}
          alt={t('terminal.rate.photo', order[0] ?? 'zh', { name })}
        />
      )}
      <div className="clerk-text">
        <span className="clerk-name">{name}</span>
        <span className="clerk-code">
          <Two order={order} text={(lang) => t('terminal.rate.clerk', lang, { code: staffCode })} />
        </span>
      </div>
    </section>
  );
}

const SCORES: readonly RatingScore[] = [5, 4, 3, 2, 1];
/** Stars, not emoji: every hall PC's fonts have them. */
const STARS = (score: RatingScore): string => '★'.repeat(score) + '☆'.repeat(5 - score);
const isPoor = (score: RatingScore): boolean => score <= 2;

type Stage =
  | { kind: 'idle' }
  | { kind: 'asking'; ticketId: string }
  /** The tags (评价标签) of the chosen level, by id; a poor level is confirmed here too. */
  | { kind: 'reasons'; ticketId: string; score: RatingScore; reasons: string[] }
  | { kind: 'thanks' }
  | { kind: 'error'; code: ErrorCode | ClientErrorCode };

const LANG_TAG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

/** One text in the hall's languages, its default first (hall.languages[0]), the other after. */
function Two(props: {
  order: readonly Lang[];
  text: (lang: Lang) => string;
  /** What separates them: a space (the default), a line break, or nothing. */
  sep?: 'space' | 'break' | 'none';
}) {
  const [first = 'zh', second] = props.order;
  const sep = props.sep ?? 'space';
  if (second === undefined) {
    return (
      <span className="first" lang={LANG_TAG[first]}>
        {props.text(first)}
      </span>
    );
  }
  return (
    <>
      <span className="first" lang={LANG_TAG[first]}>
        {props.text(first)}
      </span>
      {sep === 'space' ? ' ' : sep === 'break' ? <br /> : null}
      <span className="second" lang={LANG_TAG[second]}>
        {props.text(second)}
      </span>
    </>
  );
}

/** The visitor-facing rating pad of one window: big, simple, in the hall's languages at once. */
export function RatePad(props: RatePadProps) {
  const { port, state, windowId, request } = props;
  const timeoutMs = props.timeoutMs ?? 60_000;
  const thanksMs = props.thanksMs ?? 4_000;
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });

  const submit = useCallback(
    async (ticketId: string, score: RatingScore | null, reasons: string[]): Promise<void> => {
      const outcome = await port.command('rate', { ticketId, score, reasons });
      if (score === null) {
        setStage({ kind: 'idle' });
        return;
      }
      // Rated twice (a retry, a second pad) is still a rating the visitor gave: thank them.
      if (outcome.ok || outcome.error.code === 'already_rated') setStage({ kind: 'thanks' });
      else setStage({ kind: 'error', code: outcome.error.code });
    },
    [port],
  );

  // A new finished service at this window asks for a rating.
  const [seenRequest, setSeenRequest] = useState<RatingRequest | null>(null);
  if (request !== seenRequest) {
    setSeenRequest(request);
    if (request !== null) setStage({ kind: 'asking', ticketId: request.ticketId });
  }

  // A poor level is always confirmed on the tags screen; another level shows it when the hall has
  // tags for it and the visitor touched it (a hardware key has no tags to pick: it is sent).
  const config = state?.config ?? null;
  const choose = useCallback(
    (ticketId: string, score: RatingScore, byKey = false): void => {
      const tags = config ? ratingTagsFor(config, score) : [];
      if (isPoor(score) || (!byKey && tags.length > 0)) {
        setStage({ kind: 'reasons', ticketId, score, reasons: [] });
      } else void submit(ticketId, score, []);
    },
    [submit, config],
  );

  // No answer in time: recorded as not rated. A poor score not confirmed is not rated either: a
  // mistaken touch left on the reasons screen must not become a complaint against the clerk. A
  // good or fair level left on its tags screen is the visitor's rating: sent with the tags picked.
  const stageRef = useRef(stage);
  useEffect(() => {
    stageRef.current = stage;
  });
  useEffect(() => {
    if (stage.kind === 'idle') return;
    const ms = stage.kind === 'thanks' || stage.kind === 'error' ? thanksMs : timeoutMs;
    const timer = setTimeout(() => {
      const current = stageRef.current;
      if (current.kind === 'reasons' && !isPoor(current.score)) {
        void submit(current.ticketId, current.score, current.reasons);
      } else if (current.kind === 'asking' || current.kind === 'reasons') {
        void submit(current.ticketId, null, []);
      } else setStage({ kind: 'idle' });
    }, ms);
    return () => clearTimeout(timer);
  }, [stage, timeoutMs, thanksMs, submit]);

  // A hardware pad's rating key; on the reasons screen it changes the score, as 改选 does.
  const keyScore = props.keyScore;
  useEffect(() => {
    const current = stageRef.current;
    if (keyScore && (current.kind === 'asking' || current.kind === 'reasons')) {
      choose(current.ticketId, keyScore.score, true);
    }
  }, [keyScore, choose]);

  const ticket =
    stage.kind === 'asking' || stage.kind === 'reasons'
      ? (state?.tickets.get(stage.ticketId) ?? null)
      : null;
  const windowNumber = state?.config.windows.find((w) => w.id === windowId)?.number ?? '';
  const order = hallLangs(state);
  const both = (k: TextKey) => <Two order={order} text={(lang) => t(k, lang)} />;
  // The clerk who served the ticket being rated; between ratings, the clerk at the window.
  const clerkCode = ticket?.staffCode ?? state?.windows.get(windowId)?.staffCode ?? null;
  const clerk = state?.config.staff.find((s) => s.code === clerkCode) ?? null;
  const photo = useClerkPhoto(clerk?.code ?? null, props.photoOf);
  const clerkCard = clerk && (
    <ClerkCard order={order} staffCode={clerk.code} name={clerk.name} photo={photo} />
  );

  switch (stage.kind) {
    case 'idle':
      return (
        <main className="rate idle">
          {clerkCard}
          <h1>{both('terminal.rate.idle')}</h1>
          <p className="idle-hint">{both('terminal.rate.idle_hint')}</p>
          {windowNumber !== '' && (
            <p className="window-line">
              <Two
                order={order}
                text={(lang) => t('terminal.window.label', lang, { window: windowNumber })}
              />
            </p>
          )}
        </main>
      );
    case 'thanks':
      return (
        <main className="rate">
          <div role="status">
            <h1 className="thanks">{both('terminal.rate.thanks')}</h1>
          </div>
        </main>
      );
    case 'error':
      return (
        <main className="rate">
          <div role="alert">
            <h1 className="error">
              <Two order={order} text={(lang) => errorMessage(stage.code, lang)} />
            </h1>
          </div>
        </main>
      );
    case 'asking':
      return (
        <main className="rate asking">
          {clerkCard}
          <h1>{both('terminal.rate.ask')}</h1>
          {ticket && (
            <p className="ticket-line">
              <Two
                order={order}
                text={(lang) =>
                  t('terminal.rate.ticket', lang, { number: ticket.number, window: windowNumber })
                }
              />
            </p>
          )}
          <div className="scores">
            {SCORES.map((score) => (
              <button
                key={score}
                type="button"
                className={`score score-${score}`}
                data-score={score}
                onClick={() => choose(stage.ticketId, score)}
              >
                <span className="face" aria-hidden="true">
                  {STARS(score)}
                </span>
                <Two order={order} text={(lang) => t(`rating.${score}`, lang)} sep="none" />
              </button>
            ))}
          </div>
        </main>
      );
    case 'reasons': {
      const tags = config ? ratingTagsFor(config, stage.score) : [];
      const toggle = (r: string): void =>
        setStage({
          ...stage,
          reasons: stage.reasons.includes(r)
            ? stage.reasons.filter((x) => x !== r)
            : [...stage.reasons, r],
        });
      return (
        <main className="rate reasons-stage">
          {clerkCard}
          <h1>
            <Two order={order} text={(lang) => t(`rating.${stage.score}`, lang)} />
          </h1>
          <p className="ticket-line">
            {both(isPoor(stage.score) ? 'terminal.rate.reasons' : 'terminal.rate.tags')}
          </p>
          <div className="reasons">
            {tags.map((tag) => (
              <button
                key={tag.id}
                type="button"
                className="reason"
                aria-pressed={stage.reasons.includes(tag.id)}
                data-reason={tag.id}
                onClick={() => toggle(tag.id)}
              >
                <Two order={order} text={(lang) => tag.name[lang]} sep="break" />
              </button>
            ))}
          </div>
          <div className="rate-actions">
            {/* A mistaken touch: back to the five scores; nothing has been sent yet. */}
            <button
              type="button"
              className="change"
              onClick={() => setStage({ kind: 'asking', ticketId: stage.ticketId })}
            >
              ‹ <Two order={order} text={(lang) => t('terminal.rate.change', lang)} />
            </button>
            <button
              type="button"
              className="submit"
              onClick={() => void submit(stage.ticketId, stage.score, stage.reasons)}
            >
              {both('terminal.rate.submit')}
            </button>
          </div>
        </main>
      );
    }
  }
}
