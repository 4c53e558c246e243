/** A command's acknowledgement as a test sees it. */
export type Ack<T> =
  { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/** The ack's result, or the test fails with the error. */
export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.result;
}

/** 'OK', or the refusal's code and message: for asserting what was said. */
export function said<T>(ack: Ack<T>): string {
  return ack.ok ? 'OK' : `${ack.error.code}: ${ack.error.message}`;
}
