import { useState } from 'react';
import { NOTIFY_OFF, notifySettingsOf, type HallState, type NotifySettings } from '@onestop/shared';
import { useT } from '../strings.js';
import { Field, IssuesAt, Panel, invalidProps, useRefusal, type Save } from './parts.js';

type Sms = NonNullable<NotifySettings['sms']>;
type Wechat = NonNullable<NotifySettings['wechat']>;

const NO_SMS: Sms = { url: '', templateNear: '', templateCalled: '' };
const NO_WECHAT: Wechat = {
  baseUrl: 'https://api.weixin.qq.com',
  appId: '',
  templateNear: '',
  templateCalled: '',
};

/**
 * 叫号提醒: whether the kiosk offers the phone step, how many ahead bring the message, and the
 * SMS gateway's and the WeChat account's addresses and templates (each off when its address is
 * empty). The secrets are never here: they are the hub's environment's.
 */
export function NotifyPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const start = notifySettingsOf(props.state.config);
  const [n, setN] = useState<NotifySettings>(start);
  const [sms, setSms] = useState<Sms>(start.sms ?? NO_SMS);
  const [wechat, setWechat] = useState<Wechat>(start.wechat ?? NO_WECHAT);
  const { issues, setRefusal, errorId } = useRefusal();
  const at = (field: string) => invalidProps(issues, field, `${errorId}-${field}`);
  const issuesAt = (field: string) => (
    <IssuesAt issues={issues} field={field} id={`${errorId}-${field}`} />
  );
  const text = (
    field: string,
    label: Parameters<typeof Field>[0]['label'],
    value: string,
    set: (v: string) => void,
  ) => (
    <div className="field-block">
      <Field label={label}>
        <input
          className="wide"
          name={field}
          value={value}
          maxLength={500}
          onChange={(e) => set(e.target.value)}
          {...at(field)}
        />
      </Field>
      {issuesAt(field)}
    </div>
  );
  return (
    <Panel title="notify" testId="config-notify">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const notify: NotifySettings = {
            ...NOTIFY_OFF,
            ...n,
            sms: sms.url.trim() === '' ? null : sms,
            wechat: wechat.appId.trim() === '' ? null : wechat,
          };
          void props.save({ kind: 'notify', notify }).then(setRefusal);
        }}
      >
        <label className="row">
          <input
            type="checkbox"
            name="kioskAsksPhone"
            checked={n.kioskAsksPhone}
            onChange={(e) => setN({ ...n, kioskAsksPhone: e.target.checked })}
          />
          <span>{t('notifyKioskAsks')}</span>
        </label>
        <div className="field-block">
          <Field label="notifyAheadDefault">
            <input
              type="number"
              name="aheadDefault"
              min={0}
              max={50}
              value={n.aheadDefault}
              onChange={(e) => setN({ ...n, aheadDefault: Number(e.target.value) })}
              {...at('notify.aheadDefault')}
            />
          </Field>
          {issuesAt('notify.aheadDefault')}
        </div>
        {text('notify.sms.url', 'notifySmsUrl', sms.url, (url) => setSms({ ...sms, url }))}
        {text('notify.sms.templateNear', 'notifyTemplateNear', sms.templateNear, (v) =>
          setSms({ ...sms, templateNear: v }),
        )}
        {text('notify.sms.templateCalled', 'notifyTemplateCalled', sms.templateCalled, (v) =>
          setSms({ ...sms, templateCalled: v }),
        )}
        {text('notify.wechat.appId', 'notifyWechatAppId', wechat.appId, (v) =>
          setWechat({ ...wechat, appId: v }),
        )}
        {text('notify.wechat.baseUrl', 'notifyWechatUrl', wechat.baseUrl, (v) =>
          setWechat({ ...wechat, baseUrl: v }),
        )}
        {text('notify.wechat.templateNear', 'notifyTemplateNear', wechat.templateNear, (v) =>
          setWechat({ ...wechat, templateNear: v }),
        )}
        {text('notify.wechat.templateCalled', 'notifyTemplateCalled', wechat.templateCalled, (v) =>
          setWechat({ ...wechat, templateCalled: v }),
        )}
        <p className="hint">{t('notifySecretsNote')}</p>
        <IssuesAt
          issues={issues}
          rest={[
            'notify.aheadDefault',
            'notify.sms.url',
            'notify.sms.templateNear',
            'notify.sms.templateCalled',
            'notify.wechat.appId',
            'notify.wechat.baseUrl',
            'notify.wechat.templateNear',
            'notify.wechat.templateCalled',
          ]}
          id={`${errorId}-rest`}
        />
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}
