/** What a refusal may tell besides its code and message (the region's position after a gap). */
export type ErrorDetail = Readonly<Record<string, number | string>>;

/**
 * A refusal said to the client: its status, a code from the hall's list and a message in plain
 * words, answered as `{ "error": { "code", "message", ...detail } }` with `headers` (a
 * `Retry-After`, say).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
  }
}

/** The one shape of every error answer, the hub's and the region's. */
export interface ErrorBody {
  error: { code: string; message: string } & ErrorDetail;
}

export const errorBody = (code: string, message: string, detail: ErrorDetail = {}): ErrorBody => ({
  error: { ...detail, code, message },
});
