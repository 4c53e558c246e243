import { useState } from 'react';
import type { HallState } from '@onestop/shared';
import { useT } from '../strings.js';
import { Field, IssuesAt, Panel, invalidProps, useRefusal, type Save } from './parts.js';

/** 公告: the line the hall's screens show, in both languages. */
export function NoticePanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const [n, setN] = useState(props.state.config.hall.notice);
  const { issues, setRefusal, errorId } = useRefusal();
  return (
    <Panel title="notice" testId="config-notice">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void props.save({ kind: 'notice', notice: n }).then(setRefusal);
        }}
      >
        {(['zh', 'en'] as const).map((lang) => (
          <div key={lang} className="field-block">
            <Field label={lang === 'zh' ? 'langZh' : 'langEn'}>
              <input
                className="wide"
                name={`notice-${lang}`}
                value={n[lang]}
                maxLength={200}
                onChange={(e) => setN({ ...n, [lang]: e.target.value })}
                {...invalidProps(issues, lang, `${errorId}-${lang}`)}
              />
            </Field>
            <IssuesAt issues={issues} field={lang} id={`${errorId}-${lang}`} />
          </div>
        ))}
        <IssuesAt issues={issues} rest={['zh', 'en']} id={`${errorId}-rest`} />
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}
