import { useT } from '../strings.js';
import { invalidProps } from './parts.js';
import type { FieldIssue } from './refusal.js';

/** The id and both names of a new item, marked when a refusal names them. */
export function NameFields<T extends { id: string; name: { zh: string; en: string } }>(props: {
  draft: T;
  onChange: (next: T) => void;
  issues: readonly FieldIssue[];
  errorId: string;
}) {
  const t = useT();
  const { draft, onChange, issues, errorId } = props;
  return (
    <>
      <input
        aria-label={t('itemId')}
        placeholder={t('itemId')}
        value={draft.id}
        required
        onChange={(e) => onChange({ ...draft, id: e.target.value.trim() })}
        {...invalidProps(issues, 'id', errorId)}
      />
      <input
        aria-label={t('nameZh')}
        placeholder={t('nameZh')}
        value={draft.name.zh}
        required
        onChange={(e) => onChange({ ...draft, name: { ...draft.name, zh: e.target.value } })}
        {...invalidProps(issues, 'name.zh', errorId)}
      />
      <input
        aria-label={t('nameEn')}
        placeholder={t('nameEn')}
        value={draft.name.en}
        required
        onChange={(e) => onChange({ ...draft, name: { ...draft.name, en: e.target.value } })}
        {...invalidProps(issues, 'name.en', errorId)}
      />
    </>
  );
}
