import { useCallback, useEffect, useState } from 'react';
import type { I18nText } from '@onestop/shared';
import { dataUrlOf } from '@onestop/app-common';
import { useT } from '../strings.js';

/** Where the console reaches the hub, and its session: a photo is no Socket.IO message. */
export interface PhotoAccess {
  base: string;
  token: string;
}

/** The longest side a photo is kept at: a pad shows it a few centimetres tall. */
const MAX_SIDE = 400;

/**
 * The photo scaled down to at most MAX_SIDE px as a JPEG; a file the browser cannot read as an
 * image is sent as it is, for the hub to say why it is refused.
 */
async function scaled(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const ratio = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * ratio);
    canvas.height = Math.round(bitmap.height * ratio);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', 0.85));
    return blob ?? file;
  } catch {
    return file;
  }
}

/** 照片: a clerk's photo for the rating pad, shown small, uploaded (scaled down) or removed. */
export function StaffPhotoCell(props: { access: PhotoAccess; staffCode: string; name: string }) {
  const t = useT();
  const { base, token } = props.access;
  const url = `${base}/api/staff/${encodeURIComponent(props.staffCode)}/photo`;
  const auth = `Bearer ${token}`;
  const [photo, setPhoto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    void fetch(url, { headers: { authorization: auth } })
      .then(async (res) => (res.status === 200 ? dataUrlOf(await res.blob()) : null))
      .then((shown) => {
        if (current) setPhoto(shown);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [url, auth, version]);

  const send = useCallback(
    async (method: 'PUT' | 'DELETE', body?: Blob) => {
      const res = await fetch(url, {
        method,
        headers: {
          authorization: auth,
          ...(body ? { 'content-type': body.type || 'application/octet-stream' } : {}),
        },
        ...(body ? { body } : {}),
      });
      if (res.ok) setError(null);
      else {
        const answer = (await res.json().catch(() => null)) as {
          error?: { message?: string; text?: I18nText };
        } | null;
        const text = answer?.error?.text;
        setError(text ? t(text) : (answer?.error?.message ?? String(res.status)));
      }
      setVersion((v) => v + 1);
    },
    [url, auth, t],
  );

  return (
    <div className="staff-photo">
      {photo !== null ? (
        <img src={photo} alt={`${props.name} ${t('staffPhoto')}`} width={36} height={48} />
      ) : (
        <span className="muted">{t('photoNone')}</span>
      )}{' '}
      <input
        type="file"
        title={t('photoHint')}
        accept="image/jpeg,image/png"
        aria-label={`${props.staffCode} ${t('photoUpload')}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void scaled(file).then((blob) => send('PUT', blob));
        }}
      />
      {photo !== null && (
        <button type="button" className="secondary" onClick={() => void send('DELETE')}>
          {t('photoRemove')}
        </button>
      )}
      {error !== null && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
