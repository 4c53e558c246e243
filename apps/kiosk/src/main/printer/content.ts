import type { PrintableTicket } from '../../shared/api.js';
import { mainText as t } from '../../shared/main-texts.js';

export type TicketLang = 'zh' | 'en';
export type Magnification = 1 | 2 | 3 | 4;

/** One piece of the ticket, in order: what it says and how it stands out, not how it is sent. */
export type TicketBlock =
  | {
      kind: 'text';
      /** What the text is, for the page's styles. */
      role:
        | 'hall'
        | 'service'
        | 'label'
        | 'number'
        | 'priority'
        | 'wait'
        | 'steps'
        | 'guide'
        | 'helped'
        | 'time'
        | 'scan'
        | 'notice';
      text: string;
      /** Times the normal character size. */
      size: Magnification;
      bold: boolean;
      align: 'center' | 'left';
    }
  /** A step of a combined visit: `1. names (any order)`. */
  | { kind: 'step'; head: string; names: string; note: string }
  | { kind: 'rule' }
  | { kind: 'qr'; data: string };

export interface ContentOptions {
  paperWidthMm: 58 | 80;
  /** Languages printed, in order; Chinese first by default. */
  languages: TicketLang[];
  /** The hall's timezone, for the printed date and time. */
  timezone: string;
}

function formatTime(at: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * What a ticket says, the same on a thermal printer (`ticket.ts`) and on a page for a printer
 * installed in the OS (`page.ts`): hall name (bold) · a rule · the service (double size in the
 * first language) · "your number" · the number (four times as large on 80 mm, three times on
 * 58 mm) · green channel · people ahead · the estimate · a combined visit's steps · date and
 * time · the QR code of the ticket's status page · "scan" · the hall's notice.
 */
export function ticketContent(ticket: PrintableTicket, options: ContentOptions): TicketBlock[] {
  const blocks: TicketBlock[] = [];
  const { languages } = options;
  const line = (
    role: Extract<TicketBlock, { kind: 'text' }>['role'],
    text: string,
    style: { size?: Magnification; bold?: boolean; align?: 'center' | 'left' } = {},
  ) =>
    blocks.push({
      kind: 'text',
      role,
      text,
      size: style.size ?? 1,
      bold: style.bold ?? false,
      align: style.align ?? 'center',
    });
  const each = (
    role: Extract<TicketBlock, { kind: 'text' }>['role'],
    make: (lang: TicketLang) => string,
    bold = false,
  ) => {
    for (const lang of languages) line(role, make(lang), { bold });
  };

  each('hall', (lang) => ticket.hall[lang], true);
  blocks.push({ kind: 'rule' });
  // The service large in the first language, the others at normal size.
  languages.forEach((lang, index) =>
    line('service', ticket.service[lang], { size: index === 0 ? 2 : 1 }),
  );
  each('label', (lang) => t('ticket.yourNumber', lang));
  line('number', ticket.number, { size: options.paperWidthMm === 80 ? 4 : 3, bold: true });
  if (ticket.priority) each('priority', (lang) => t('ticket_class.priority', lang), true);
  if (ticket.helped === true) each('helped', (lang) => t('ticket.helped', lang));
  each('wait', (lang) => t('ticket.ahead', lang, { count: ticket.peopleAhead }));
  const minutes = ticket.estimateMinutes;
  each('wait', (lang) =>
    minutes === null
      ? t('ticket.noWindow', lang)
      : minutes === 0
        ? t('ticket.noWait', lang)
        : t('ticket.estimate', lang, { minutes }),
  );
  if (ticket.steps !== undefined) {
    // A combined visit: its steps, left-aligned, one block per language.
    const steps = ticket.steps;
    blocks.push({ kind: 'rule' });
    for (const lang of languages) {
      line('steps', t('ticket.steps', lang), { align: 'left' });
      steps.forEach((step, i) => {
        const names = step.map((name) => name[lang]).join(t('list.separator', lang));
        const note = step.length > 1 ? t('ticket.anyOrder', lang).trim() : '';
        blocks.push({ kind: 'step', head: `${i + 1}. `, names, note });
      });
    }
    blocks.push({ kind: 'rule' });
  }
  if (ticket.guide !== undefined)
    guideBlocks(ticket.guide, languages).forEach((b) => blocks.push(b));
  line('time', formatTime(ticket.issuedAt, options.timezone));
  blocks.push({ kind: 'qr', data: ticket.statusUrl });
  each('scan', (lang) => t('ticket.scan', lang));
  if (ticket.notice.zh !== '' || ticket.notice.en !== '') {
    blocks.push({ kind: 'rule' });
    each('notice', (lang) => ticket.notice[lang]);
  }
  return blocks;
}

/**
 * The service guide (办事指南) as a short checklist, per language: "please bring", a `[ ]` line
 * per material (folded under its box), then the fee; between two rules.
 */
function guideBlocks(
  guide: NonNullable<PrintableTicket['guide']>,
  languages: readonly TicketLang[],
): TicketBlock[] {
  if (guide.materials.length === 0 && guide.fee === null) return [];
  const left = (role: 'guide', text: string): TicketBlock => ({
    kind: 'text',
    role,
    text,
    size: 1,
    bold: false,
    align: 'left',
  });
  const blocks: TicketBlock[] = [{ kind: 'rule' }];
  for (const lang of languages) {
    if (guide.materials.length > 0) {
      blocks.push(left('guide', t('ticket.guideBring', lang)));
      for (const m of guide.materials)
        blocks.push({ kind: 'step', head: '[ ] ', names: m[lang], note: '' });
    }
    if (guide.fee !== null)
      blocks.push(left('guide', t('ticket.guideFee', lang, { fee: guide.fee[lang] })));
  }
  blocks.push({ kind: 'rule' });
  return blocks;
}
