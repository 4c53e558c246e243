import { useEffect, useState, type ReactNode } from 'react';
import QRCode from 'qrcode';

/** A QR code as an SVG data URL (the hub's CSP allows `img-src data:`). */
export function QrCode(props: { text: string; label: string }): ReactNode {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(props.text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      },
      () => {
        if (live) setSrc(null);
      },
    );
    return () => {
      live = false;
    };
  }, [props.text]);
  return src ? (
    <img className="qr" src={src} alt={props.label} data-testid="qr" data-url={props.text} />
  ) : (
    <div className="qr" />
  );
}
