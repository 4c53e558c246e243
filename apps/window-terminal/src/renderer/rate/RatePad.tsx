import { useCallback, useEffect, useRef, useState } from 'react';
import {
  errorMessage,
  t,
  type ClientErrorCode,
  type CommandInput,
  type CommandResultOf,
  type ErrorCode,
  type HallState,
  type RatingScore,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import { POOR_REASONS, reasonKey, tx, type PoorReason } from '../common/texts.js';

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
}

const SCORES: readonly RatingScore[] = [5, 4, 3, 2, 1];
/** Stars, not emoji: every hall PC's fonts have them. */
const STARS = (score: RatingScore): string => '★'.repeat(score) + '☆'.repeat(5 - score);
const isPoor = (score: RatingScore): boolean => score <= 2;

type Stage =
  | { kind: 'idle' }
  | { kind: 'asking'; ticketId: string }
  | { kind: 'reasons'; ticketId: string; score: RatingScore; reasons: PoorReason[] }
  | { kind: 'thanks' }
  | { kind: 'error'; code: ErrorCode | ClientErrorCode };

function Both({ k }: { k: Parameters<typeof tx>[0] }) {
  return (
    <>
      {tx(k, 'zh')} <span lang="en">{tx(k, 'en')}</span>
    </>
  );
}

/** The visitor-facing rating pad of one window: big, simple, in Chinese and English. */
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

  const choose = useCallback(
    (ticketId: string, score: RatingScore): void => {
      if (isPoor(score)) setStage({ kind: 'reasons', ticketId, score, reasons: [] });
      else void submit(ticketId, score, []);
    },
    [submit],
  );

  // No answer in time: recorded as not rated; a chosen poor score is sent without reasons.
  const stageRef = useRef(stage);
  useEffect(() => {
    stageRef.current = stage;
  });
  useEffect(() => {
    if (stage.kind === 'idle') return;
    const ms = stage.kind === 'thanks' || stage.kind === 'error' ? thanksMs : timeoutMs;
    const timer = setTimeout(() => {
      const current = stageRef.current;
      if (current.kind === 'asking') void submit(current.ticketId, null, []);
      else if (current.kind === 'reasons')
        void submit(current.ticketId, current.score, current.reasons);
      else setStage({ kind: 'idle' });
    }, ms);
    return () => clearTimeout(timer);
  }, [stage, timeoutMs, thanksMs, submit]);

  // A hardware pad's rating key.
  const keyScore = props.keyScore;
  useEffect(() => {
    const current = stageRef.current;
    if (keyScore && current.kind === 'asking') choose(current.ticketId, keyScore.score);
  }, [keyScore, choose]);

  const ticket =
    stage.kind === 'asking' || stage.kind === 'reasons'
      ? (state?.tickets.get(stage.ticketId) ?? null)
      : null;
  const windowNumber = state?.config.windows.find((w) => w.id === windowId)?.number ?? '';

  switch (stage.kind) {
    case 'idle':
      return (
        <main className="rate idle">
          <h1>
            <Both k="rate.idle" />
          </h1>
          <p className="idle-hint">
            <Both k="rate.idle_hint" />
          </p>
          {windowNumber !== '' && (
            <p className="window-line">
              {tx('window.label', 'zh', { window: windowNumber })}{' '}
              <span lang="en">{tx('window.label', 'en', { window: windowNumber })}</span>
            </p>
          )}
        </main>
      );
    case 'thanks':
      return (
        <main className="rate">
          <p className="thanks" role="status">
            <Both k="rate.thanks" />
          </p>
        </main>
      );
    case 'error':
      return (
        <main className="rate">
          <p role="alert" className="error">
            {errorMessage(stage.code, 'zh')} <span lang="en">{errorMessage(stage.code, 'en')}</span>
          </p>
        </main>
      );
    case 'asking':
      return (
        <main className="rate asking">
          <h1>
            <Both k="rate.ask" />
          </h1>
          {ticket && (
            <p className="ticket-line">
              {tx('rate.ticket', 'zh', { number: ticket.number, window: windowNumber })}{' '}
              <span lang="en">
                {tx('rate.ticket', 'en', { number: ticket.number, window: windowNumber })}
              </span>
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
                {t(`rating.${score}`, 'zh')}
                <span lang="en">{t(`rating.${score}`, 'en')}</span>
              </button>
            ))}
          </div>
        </main>
      );
    case 'reasons': {
      const toggle = (r: PoorReason): void =>
        setStage({
          ...stage,
          reasons: stage.reasons.includes(r)
            ? stage.reasons.filter((x) => x !== r)
            : [...stage.reasons, r],
        });
      return (
        <main className="rate reasons-stage">
          <h1>
            {t(`rating.${stage.score}`, 'zh')}{' '}
            <span lang="en">{t(`rating.${stage.score}`, 'en')}</span>
          </h1>
          <p className="ticket-line">
            <Both k="rate.reasons" />
          </p>
          <div className="reasons">
            {POOR_REASONS.map((r) => (
              <button
                key={r}
                type="button"
                className="reason"
                aria-pressed={stage.reasons.includes(r)}
                data-reason={r}
                onClick={() => toggle(r)}
              >
                {tx(reasonKey(r), 'zh')}
                <br />
                <span lang="en">{tx(reasonKey(r), 'en')}</span>
              </button>
            ))}
          </div>
          <button
            type="button"
            className="submit"
            onClick={() =>
              void submit(
                stage.ticketId,
                stage.score,
                stage.reasons.map((r) => `${tx(reasonKey(r), 'zh')} / ${tx(reasonKey(r), 'en')}`),
              )
            }
          >
            <Both k="rate.submit" />
          </button>
        </main>
      );
    }
  }
}
