/*
 * The ticket status page's script. The hub renders the page with the ticket's data
 * (/t/<token>); this keeps it up to date: it polls /t/<token>.json and fills in the lines by
 * element id, and the time of the update. A poll that fails shows the "lost the hall" line (the
 * last update and its time stay) and tries again; the next good one hides it. It stops once the
 * visit is over (`data-poll="0"`), or when the hub no longer knows the ticket (404: a new
 * business day). Plain DOM for an old phone: no framework, nothing else loaded.
 */

type StepState = 'done' | 'current' | 'next';

/** What the page uses of the hub's answer: the lines by element id, and the state to mark. */
export interface StatusUpdate {
  fields: Record<string, string>;
  called: boolean;
  /** Waiting only: shows the people-ahead card. */
  hasAhead: boolean;
  final: boolean;
  steps: StepState[];
  /** Its last finished step may be rated here (好差评 by QR code). */
  rateable: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const STEP_STATES: readonly string[] = ['done', 'current', 'next'];

/** The hub's `{ view, fields }`, read from `unknown`; null when it is not that shape. */
export function parseUpdate(body: unknown): StatusUpdate | null {
  if (!isRecord(body) || !isRecord(body.view) || !isRecord(body.fields)) return null;
  const { view } = body;
  const fields: Record<string, string> = {};
  for (const [id, text] of Object.entries(body.fields)) {
    if (typeof text !== 'string') return null;
    fields[id] = text;
  }
  const steps: StepState[] = [];
  if (Array.isArray(view.steps)) {
    for (const step of view.steps as unknown[]) {
      if (!isRecord(step) || typeof step.state !== 'string' || !STEP_STATES.includes(step.state))
        return null;
      steps.push(step.state as StepState);
    }
  }
  return {
    fields,
    called: view.called === true,
    hasAhead: view.ahead !== null && view.ahead !== undefined,
    final: view.final === true,
    steps,
    rateable: view.rateable === true,
  };
}

/** Fills the page in from an update. */
export function apply(doc: Document, main: HTMLElement, update: StatusUpdate): void {
  for (const [id, text] of Object.entries(update.fields)) setText(doc, id, text);
  main.className = update.called ? 'called' : '';
  const ahead = doc.getElementById('ahead-card');
  if (ahead) ahead.hidden = !update.hasAhead;
  update.steps.forEach((state, i) => {
    const step = doc.getElementById(`step-${i}`);
    if (step) step.className = `step ${state}`;
  });
  const form = doc.getElementById('rate');
  if (form instanceof HTMLFormElement && form.hidden === update.rateable) {
    // A step finished since (a new form), or rated elsewhere (on the pad): shown or hidden.
    if (update.rateable) resetRating(doc, form);
    form.hidden = !update.rateable;
  }
}

/** A new id for a rating: a form sent twice (a lost answer) is the same rating. */
function newCommandId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `qr-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function resetRating(doc: Document, form: HTMLFormElement): void {
  form.reset();
  form.setAttribute('data-command', newCommandId());
  showTags(doc, form, null);
  setText(doc, 'rate-answer', '');
}

/** The tags offered with the level picked (none before a level). */
function showTags(doc: Document, form: HTMLFormElement, score: string | null): void {
  let any = false;
  for (const label of Array.from(form.querySelectorAll<HTMLElement>('label.tag'))) {
    const offered = score !== null && (label.dataset.scores ?? '').split(' ').includes(score);
    label.hidden = !offered;
    const box = label.querySelector('input');
    if (!offered && box) box.checked = false;
    any ||= offered;
  }
  const tags = doc.getElementById('rate-tags');
  if (tags) tags.hidden = !any;
}

/** Both languages of a text the page carries in `data-<name>-zh` / `-en`. */
const carried = (el: HTMLElement, name: string): string =>
  `${el.getAttribute(`data-${name}-zh`) ?? ''} ${el.getAttribute(`data-${name}-en`) ?? ''}`.trim();

/** What the hub's refusal says, in both languages; null when it is not that shape. */
export function refusalText(body: unknown): string | null {
  if (!isRecord(body) || !isRecord(body.error) || !isRecord(body.error.text)) return null;
  const { zh, en } = body.error.text;
  return typeof zh === 'string' && typeof en === 'string' ? `${zh} ${en}` : null;
}

/** 好差评 by QR code: the form's level shows its tags; sending posts it to `<path>/rate`. */
export function startRating(doc: Document, path: string): void {
  const form = doc.getElementById('rate');
  if (!(form instanceof HTMLFormElement)) return;
  form.setAttribute('data-command', newCommandId());
  const picked = () => form.querySelector<HTMLInputElement>('input[name="score"]:checked');
  form.addEventListener('change', () => {
    showTags(doc, form, picked()?.value ?? null);
    setText(doc, 'rate-answer', '');
  });
  const done = (text: string) => {
    form.hidden = true;
    const line = doc.getElementById('rate-done');
    if (line) {
      line.textContent = text;
      line.hidden = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const score = picked();
    if (!score) return setText(doc, 'rate-answer', carried(form, 'pick'));
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    const comment = doc.getElementById('rate-comment');
    const body = {
      commandId: form.getAttribute('data-command') ?? newCommandId(),
      score: Number(score.value),
      reasons: Array.from(
        form.querySelectorAll<HTMLInputElement>('input[name="tag"]:checked'),
        (box) => box.value,
      ),
      comment: comment instanceof HTMLTextAreaElement ? comment.value : '',
    };
    fetch(`${path}/rate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then((res) =>
        res.json().then((answer: unknown) => {
          if (res.ok) return done(carried(form, 'thanks'));
          const text = refusalText(answer) ?? carried(form, 'failed');
          // Rated already (on the pad, or by this form): nothing more to send.
          if (res.status === 409) return done(text);
          setText(doc, 'rate-answer', text);
        }),
      )
      .catch(() => setText(doc, 'rate-answer', carried(form, 'failed')))
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
}

function setText(doc: Document, id: string, text: string): void {
  const el = doc.getElementById(id);
  if (el) el.textContent = text;
}

/** Starts polling the page's ticket, unless the page says the visit is over. */
export function start(doc: Document, path: string): void {
  const main = doc.getElementById('ticket');
  if (!main) return;
  const every = Number(main.getAttribute('data-poll'));
  if (!(every > 0)) return;
  const lost = doc.getElementById('lost');
  const showLost = (shown: boolean) => {
    if (lost) lost.hidden = !shown;
  };
  const failed = () => {
    showLost(true);
    setTimeout(poll, every);
  };
  const poll = (): void => {
    fetch(`${path}.json`, { cache: 'no-store' })
      .then((res) => {
        if (res.status === 404) {
          showLost(false);
          // The hub no longer knows the ticket (a new business day): its words came with the page.
          setText(doc, 'note-zh', main.getAttribute('data-gone-zh') ?? '');
          setText(doc, 'note-en', main.getAttribute('data-gone-en') ?? '');
          return;
        }
        if (!res.ok) return failed();
        return res.json().then((body: unknown) => {
          const update = parseUpdate(body);
          if (update === null) return failed();
          showLost(false);
          apply(doc, main, update);
          if (update.final) main.setAttribute('data-poll', '0');
          else setTimeout(poll, every);
        });
      })
      .catch(failed);
  };
  setTimeout(poll, every);
}
