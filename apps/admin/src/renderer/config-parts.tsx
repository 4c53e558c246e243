import { useContext, type FormEvent, type ReactNode } from 'react';
import type { ConfigChange, Department, I18nText } from '@onestop/shared';
import { LangContext, useT, type StringKey } from './strings.js';

/* The pieces the configuration panels share: a panel, a table, a row's names and Save, an add form. */

export type Save = (change: ConfigChange) => Promise<string | null>;

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
}) {
  const t = useT();
  const { id, name, onChange } = props;
  return (
    <>
      <td>
        <input
          aria-label={`${id} ${t('nameZh')}`}
          name="nameZh"
          value={name.zh}
          onChange={(e) => onChange({ ...name, zh: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`${id} ${t('nameEn')}`}
          name="nameEn"
          value={name.en}
          onChange={(e) => onChange({ ...name, en: e.target.value })}
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

/** The form that adds an item: saves `change()` and calls `onAdded` once the hub took it. */
export function AddForm(props: {
  save: Save;
  change: () => ConfigChange;
  onAdded: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.save(props.change()).then((err) => {
      if (err === null) props.onAdded();
    });
  };
  return (
    <form className="toolbar" data-testid={props.testId} onSubmit={submit}>
      {props.children}
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
