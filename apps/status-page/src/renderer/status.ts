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
