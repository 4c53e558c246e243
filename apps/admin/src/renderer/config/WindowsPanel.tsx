import { useState } from 'react';
import type { HallState, HallWindow } from '@onestop/shared';
import { useT } from '../strings.js';
import {
  AddForm,
  Grid,
  NameCells,
  Panel,
  RowError,
  SaveCell,
  invalidProps,
  useRefusal,
  type Save,
} from './parts.js';
import { NameFields } from './NameFields.js';
import { WindowServicesEditor } from './window-services.js';

/** 窗口: each window's number, names and services in their tiers, saved by its row. */
export function WindowsPanel(props: { state: HallState; save: Save }) {
  const { state, save } = props;
  return (
    <Panel title="windows">
      <Grid
        testId="config-windows"
        headings={['window', 'nameZh', 'nameEn', 'windowServices', null]}
      >
        {state.config.windows.map((w) => (
          <WindowRow key={`${w.id}-${JSON.stringify(w)}`} window={w} state={state} save={save} />
        ))}
      </Grid>
      <NewWindow state={state} save={save} />
    </Panel>
  );
}

function WindowRow(props: { window: HallWindow; state: HallState; save: Save }) {
  const t = useT();
  const [w, setW] = useState(props.window);
  const { issues, setRefusal, errorId } = useRefusal();
  return (
    <>
      <tr data-window={w.id}>
        <td>
          <input
            className="narrow"
            type="number"
            min={1}
            aria-label={`${w.id} ${t('windowNumber')}`}
            value={w.number}
            onChange={(e) => setW({ ...w, number: Number(e.target.value) })}
            {...invalidProps(issues, 'number', errorId)}
          />
        </td>
        <NameCells
          id={w.id}
          name={w.name}
          onChange={(name) => setW({ ...w, name })}
          issues={issues}
          errorId={errorId}
        />
        <td>
          <WindowServicesEditor
            label={w.id}
            departments={props.state.config.departments}
            services={props.state.config.services}
            value={w.services}
            onChange={(services) => setW({ ...w, services })}
          />
        </td>
        <SaveCell
          edited={w}
          saved={props.window}
          onSave={() => void props.save({ kind: 'window', window: w }).then(setRefusal)}
        />
      </tr>
      <RowError issues={issues} colSpan={5} id={errorId} />
    </>
  );
}

/** A new window: id, number, names and its services, each in a tier. */
function NewWindow(props: { state: HallState; save: Save }) {
  const t = useT();
  const numbers = props.state.config.windows.map((w) => w.number);
  const blank: HallWindow = {
    id: '',
    number: Math.max(0, ...numbers) + 1,
    name: { zh: '', en: '' },
    services: [],
  };
  return (
    <AddForm
      testId="new-window"
      blank={blank}
      save={props.save}
      change={(window) => ({ kind: 'window', window })}
      submit={t('addWindow')}
    >
      {({ draft, setDraft, ...f }) => (
        <>
          <input
            className="narrow"
            type="number"
            min={1}
            aria-label={t('windowNumber')}
            value={draft.number}
            onChange={(e) => setDraft({ ...draft, number: Number(e.target.value) })}
            {...f.invalid('number')}
          />
          <NameFields draft={draft} onChange={setDraft} issues={f.issues} errorId={f.errorId} />
          <WindowServicesEditor
            label={t('newWindow')}
            departments={props.state.config.departments}
            services={props.state.config.services}
            value={draft.services}
            onChange={(services) => setDraft({ ...draft, services })}
          />
        </>
      )}
    </AddForm>
  );
}
