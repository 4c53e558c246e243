import { useContext, useId, useState, type FormEvent, type ReactNode } from 'react';
import { type ConfigChange, type Department, type I18nText, type Refusal } from '@onestop/shared';
import { LangContext, useT, type StringKey } from '../strings.js';
import { fieldIssues, isInvalid, type FieldIssue } from './refusal.js';

/* The pieces the configuration panels share: a panel, a table, a row's names and Save, an add form. */

/** Sends a change; answers null once the hall has it, or the hub's refusal. */
export type Save = (change: ConfigChange) => Promise<Refusal | null>;

/** A refusal of the row or form that sent a change, and its issues in the page's language. */
export function useRefusal(): {
  issues: FieldIssue[];
  setRefusal: (error: Refusal | null) => void;
  errorId: string;
} {
  const lang = useContext(LangContext);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const errorId = useId();
  return { issues: fieldIssues(refusal, lang), setRefusal, errorId };
}

/** Marks a field that a refusal names, and points it to the message that says why. */
export function invalidProps(
  issues: readonly FieldIssue[],
  field: string,
  errorId: string,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return isInvalid(issues, field) ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
}

/** A refusal's message, in a line of its own under the row that sent the change. */
export function RowError(props: { issues: readonly FieldIssue[]; colSpan: number; id: string }) {
  if (props.issues.length === 0) return null;
  return (
    <tr className="row-error">
      <td colSpan={props.colSpan}>
        <FieldError issues={props.issues} id={props.id} />
      </td>
    </tr>
  );
}

/** A refusal's message where the form or field it concerns is. */
export function FieldError(props: { issues: readonly FieldIssue[]; id: string }) {
  const lang = useContext(LangContext);
  if (props.issues.length === 0) return null;
  return (
    <p className="field-error" role="alert" id={props.id}>
      {props.issues.map((i) => i.text).join(lang === 'zh' ? '；' : '; ')}
    </p>
  );
}

/**
 * The issues of a refusal that name `field`, shown under it; with `rest`, those that name none of
 * these fields (shown once, under the form, so that no issue goes unseen).
 */
export function IssuesAt(props: {
  issues: readonly FieldIssue[];
  field?: string;
  rest?: readonly string[];
  id: string;
}) {
  const { field, rest } = props;
  const at = props.issues.filter((i) =>
    rest !== undefined
      ? !rest.some((f) => isInvalid([i], f))
      : field !== undefined && isInvalid([i], field),
  );
  return <FieldError issues={at} id={props.id} />;
}

/** A panel with its heading. */
export function Panel(props: { title: StringKey; testId?: string; children: ReactNode }) {
  const t = useT();
  return (
    <section className="panel" data-testid={props.testId}>
      <h2>{t(props.title)}</h2>
      {props.children}
    </section>
  );
}

/** A form row: its label, then the field. */
export function Field(props: { label: StringKey; children: ReactNode }) {
  const t = useT();
  return (
    <label className="row">
      <span>{t(props.label)}</span>
      {props.children}
    </label>
  );
}

/** A table with these column headings (null: an empty heading, over the buttons). */
export function Grid(props: {
  headings: readonly (StringKey | null)[];
  testId?: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <table className="grid" data-testid={props.testId}>
      <thead>
        <tr>
          {props.headings.map((h, i) => (
            <th key={h ?? `_${i}`}>{h === null ? null : t(h)}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** The Chinese and English names of the row of item `id`, as two cells. */
export function NameCells(props: {
  id: string;
  name: I18nText;
  onChange: (name: I18nText) => void;
  issues?: readonly FieldIssue[];
  errorId?: string;
}) {
  const t = useT();
  const { id, name, onChange } = props;
  const invalid = (lang: 'zh' | 'en') =>
    invalidProps(props.issues ?? [], `name.${lang}`, props.errorId ?? '');
  return (
    <>
      <td>
        <input
          aria-label={`${id} ${t('nameZh')}`}
          name="nameZh"
          value={name.zh}
          onChange={(e) => onChange({ ...name, zh: e.target.value })}
          {...invalid('zh')}
        />
      </td>
      <td>
        <input
          aria-label={`${id} ${t('nameEn')}`}
          name="nameEn"
          value={name.en}
          onChange={(e) => onChange({ ...name, en: e.target.value })}
          {...invalid('en')}
        />
      </td>
    </>
  );
}

/** A row's Save button, enabled once the row differs from what the hall has. */
export function SaveCell<T>(props: { edited: T; saved: T; onSave: () => void }) {
  const t = useT();
  return (
    <td>
      <button
        type="button"
        disabled={JSON.stringify(props.edited) === JSON.stringify(props.saved)}
        onClick={props.onSave}
      >
        {t('save')}
      </button>
    </td>
  );
}

/** What an add form's fields are given: the draft, its setter, and the last refusal's issues. */
export interface AddFields<T> {
  draft: T;
  setDraft: (next: T) => void;
  issues: readonly FieldIssue[];
  errorId: string;
  /** Marks a field that the refusal names (`invalidProps`). */
  invalid: (field: string) => ReturnType<typeof invalidProps>;
}

/**
 * A form that adds one thing to the hall: it keeps the draft (back to `blank` once added), sends
 * it, and says why the hub refused it; the fields are the caller's, then its submit button.
 */
export function AddForm<T>(props: {
  testId: string;
  blank: T;
  save: Save;
  change: (draft: T) => ConfigChange;
  /** The submit button's text. */
  submit: string;
  children: (fields: AddFields<T>) => ReactNode;
}) {
  const [draft, setDraft] = useState<T>(props.blank);
  const { issues, setRefusal, errorId } = useRefusal();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.save(props.change(draft)).then((err) => {
      setRefusal(err);
      if (err === null) setDraft(props.blank);
    });
  };
  const invalid = (field: string) => invalidProps(issues, field, errorId);
  return (
    <form className="toolbar add-form" data-testid={props.testId} onSubmit={submit}>
      {props.children({ draft, setDraft, issues, errorId, invalid })}
      <button type="submit">{props.submit}</button>
      <FieldError issues={issues} id={errorId} />
    </form>
  );
}

/** The options of a department select, named in the console's language. */
export function DepartmentOptions(props: { departments: readonly Department[] }) {
  const lang = useContext(LangContext);
  return props.departments.map((d) => (
    <option key={d.id} value={d.id}>
      {d.name[lang]}
    </option>
  ));
}
