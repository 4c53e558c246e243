import { useState } from 'react';
import {
  STAFF_ROLES,
  type HallState,
  type Staff,
  type StaffRole,
  type Refusal,
} from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { useT, type StringKey } from '../strings.js';
import { StaffPhotoCell, type PhotoAccess } from './StaffPhoto.js';
import { StaffUnlockButton } from './StaffUnlock.js';
import { AddForm, Grid, Panel, RowError, invalidProps, useRefusal, type Save } from './parts.js';

const ROLE_LABEL: Record<StaffRole, StringKey> = {
  clerk: 'roleClerk',
  supervisor: 'roleSupervisor',
  admin: 'roleAdmin',
};

/** 人员: who may log in, in which role; a new PIN for one; and a form to add one. */
export function StaffPanel(props: {
  client: AdminClient;
  state: HallState;
  save: Save;
  onSaved: (text: string) => void;
  /** Null: no photos (a console without a session's address, as in the component tests). */
  photos?: PhotoAccess | null;
}) {
  const t = useT();
  const photos = props.photos ?? null;
  return (
    <Panel title="staff" testId="config-staff">
      <Grid
        headings={[
          'staffCode',
          'name',
          'role',
          'active',
          'resetPin',
          ...(photos === null ? [] : (['staffPhoto'] as const)),
        ]}
      >
        {props.state.config.staff.map((s) => (
          <StaffRow
            key={s.code}
            staff={s}
            client={props.client}
            save={props.save}
            onSaved={props.onSaved}
            photos={photos}
          />
        ))}
      </Grid>
      <AddForm<Staff>
        testId="new-staff"
        blank={{ code: '', name: '', role: 'clerk', active: true }}
        save={props.save}
        change={(staff) => ({ kind: 'staff', staff })}
        submit={t('addStaff')}
      >
        {({ draft, setDraft, ...f }) => (
          <>
            <input
              aria-label={t('staffCode')}
              placeholder={t('staffCode')}
              value={draft.code}
              onChange={(e) => setDraft({ ...draft, code: e.target.value })}
              {...f.invalid('code')}
            />
            <input
              aria-label={t('name')}
              placeholder={t('name')}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              {...f.invalid('name')}
            />
            <select
              aria-label={t('role')}
              value={draft.role}
              onChange={(e) => setDraft({ ...draft, role: e.target.value as StaffRole })}
            >
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(ROLE_LABEL[r])}
                </option>
              ))}
            </select>
          </>
        )}
      </AddForm>
    </Panel>
  );
}

function StaffRow(props: {
  staff: Staff;
  client: AdminClient;
  save: Save;
  onSaved: (text: string) => void;
  photos: PhotoAccess | null;
}) {
  const t = useT();
  const s = props.staff;
  const [pin, setPin] = useState('');
  const [unlockError, setUnlockError] = useState<string | null>(null);
  const { issues, setRefusal, errorId } = useRefusal();
  const resetPin = async () => {
    const ack = await props.client.command('set_staff_pin', { staffCode: s.code, pin });
    const error: Refusal | null = ack.ok ? null : ack.error;
    setRefusal(error);
    if (ack.ok) {
      setPin('');
      props.onSaved(`${t('pinSet')}: ${s.code}`);
    }
  };
  return (
    <>
      <tr data-staff={s.code} className={s.active ? '' : 'dim'}>
        <td>{s.code}</td>
        <td>{s.name}</td>
        <td>{t(ROLE_LABEL[s.role])}</td>
        <td>
          <input
            type="checkbox"
            aria-label={`${s.code} ${t('active')}`}
            checked={s.active}
            onChange={(e) =>
              void props
                .save({ kind: 'staff', staff: { ...s, active: e.target.checked } })
                .then(setRefusal)
            }
            {...invalidProps(issues, 'active', errorId)}
          />
        </td>
        <td className="nowrap">
          <input
            className="narrow"
            type="password"
            inputMode="numeric"
            aria-label={`${s.code} ${t('newPin')}`}
            placeholder={t('newPin')}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            {...invalidProps(issues, 'pin', errorId)}
          />{' '}
          <button
            type="button"
            className="secondary"
            disabled={pin === ''}
            onClick={() => void resetPin()}
          >
            {t('resetPin')}
          </button>{' '}
          <StaffUnlockButton
            client={props.client}
            staffCode={s.code}
            onMessage={(m) => {
              setUnlockError(m.ok ? null : m.text);
              if (m.ok) props.onSaved(m.text);
            }}
          />
          {unlockError !== null && (
            <span className="error" role="alert">
              {unlockError}
            </span>
          )}
        </td>
        {props.photos !== null && (
          <td>
            <StaffPhotoCell access={props.photos} staffCode={s.code} name={s.name} />
          </td>
        )}
      </tr>
      <RowError issues={issues} colSpan={props.photos === null ? 5 : 6} id={errorId} />
    </>
  );
}
