import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { X509Certificate } from 'node:crypto';

/** The hall's certificate and key (PEM), for HTTPS and WSS; docs/SECURITY.md says how to make them. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** A certificate or key that cannot be used, said in words a technician can act on. */
export class TlsError extends Error {}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new TlsError(`cannot read the ${what} ${file}: ${code}`);
  }
}

/**
 * Reads and checks `--tls-cert` and `--tls-key` before the hub starts: both PEM, the key the
 * certificate's, the certificate in its validity period.
 */
export function loadTls(certFile: string, keyFile: string, now = Date.now()): TlsFiles {
  const cert = read(certFile, 'certificate (--tls-cert)');
  const key = read(keyFile, 'private key (--tls-key)');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TlsError(
      `${certFile} is not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----)`,
    );
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) {
    throw new TlsError(
      `${keyFile} is not a PEM private key (it should begin with -----BEGIN PRIVATE KEY-----)`,
    );
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new TlsError(`${certFile} is not a readable certificate: ${(err as Error).message}`);
  }
  if (Date.parse(x509.validTo) < now) {
    throw new TlsError(`the certificate ${certFile} expired on ${x509.validTo}: make a new one`);
  }
  if (Date.parse(x509.validFrom) > now) {
    throw new TlsError(
      `the certificate ${certFile} is not valid before ${x509.validFrom}: check the clock`,
    );
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    const why = (err as Error).message;
    throw new TlsError(
      /mismatch/i.test(why)
        ? `the private key ${keyFile} does not belong to the certificate ${certFile}`
        : `${certFile} and ${keyFile} cannot be used together: ${why}`,
    );
  }
  return { cert, key };
}
