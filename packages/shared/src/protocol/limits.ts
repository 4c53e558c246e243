/**
 * Every size and length the hub accepts, in one place: the schemas use them, docs/PROTOCOL.md
 * lists them, and the hub sizes its buffers from them.
 */
export const LIMITS = {
  /** A message's JSON, in UTF-8 bytes. Larger ones are answered `message_too_large`. */
  maxMessageBytes: 16_384,
  /** The hub closes the connection on frames larger than this (Socket.IO `maxHttpBufferSize`). */
  maxFrameBytes: 65_536,
  commandIdMinLength: 8,
  /** A name read off an ID card (the card's field holds 15 characters). */
  idCardNameMax: 15,
  commandIdMaxLength: 64,
  /** Ids of services, windows, devices and tickets. */
  idMaxLength: 64,
  /** A device's or a staff session's token. */
  tokenMaxLength: 256,
  staffCodeMinLength: 2,
  staffCodeMaxLength: 16,
  pinMinLength: 4,
  pinMaxLength: 12,
  pairingCodeMinLength: 4,
  pairingCodeMaxLength: 32,
  itineraryMaxSteps: 10,
  stepMaxServices: 10,
  noteMaxLength: 200,
  deviceStatusDetailMaxLength: 500,
  deviceNameMaxLength: 100,
  ratingMaxReasons: 5,
  ratingReasonMaxLength: 100,
  /** A visitor's comment with a rating from the phone. */
  ratingCommentMaxLength: 300,
  /** 办件编号 and 事项编码. */
  caseNumberMaxLength: 64,
  /** Sequence numbers and times stay exact in a double. */
  maxInteger: Number.MAX_SAFE_INTEGER,
  /** How many issues an `invalid_message` error names before it stops. */
  maxIssuesReported: 10,
} as const;
