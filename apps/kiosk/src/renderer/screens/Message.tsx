import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';

/** A short message in the kiosk's body: issuing, or why it failed. */
export function Message(props: {
  lang: Lang;
  title: string;
  detail?: string;
  hint?: string;
  children?: ReactNode;
}): ReactNode {
  return (
    <div className="message" role="status">
      <h1>{props.title}</h1>
      {props.detail ? <p className="message-detail">{props.detail}</p> : null}
      {props.hint ? <p>{props.hint}</p> : null}
      {props.children}
    </div>
  );
}
