import fc from 'fast-check';
import {
  COMMAND_SCHEMAS,
  commandNames,
  EXAMPLE_MESSAGES,
  LIMITS,
  parseMessage,
  ROLES,
  type Role,
} from '@onestop/shared';

/*
 * Malformed, wrong-typed, oversized and hostile messages for every event of every namespace,
 * made by fast-check from fixed seeds (the same messages on every run), and what the hub must
 * answer to each.
 */

/** One emit: the event, its arguments before the acknowledgement, and the answer's code. */
export interface HostileMessage {
  event: string;
  args: readonly unknown[];
  /** What the hub must answer: a parse error for a known event, invalid_message for others. */
  expected: 'invalid_message' | 'message_too_large';
  /** Why the message exists, for a readable failure. */
  label: string;
}

/** Socket.IO's reserved event names: the client itself refuses to emit them. */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/** The events a namespace accepts: its commands and `sync`. */
export function eventsOf(role: Role): string[] {
  return [...commandNames(role), 'sync'];
}

/** A valid message of each event of a role (the protocol's examples; `sync` from zero). */
export function exampleOf(role: Role, event: string): Record<string, unknown> {
  if (event === 'sync') return { lastSeq: 0 };
  const table: Readonly<Record<string, unknown>> = EXAMPLE_MESSAGES[role];
  const example = table[event];
  if (typeof example !== 'object' || example === null) throw new Error(`no example ${event}`);
  return structuredClone(example) as Record<string, unknown>;
}

/** Keys that attack objects rather than fields, and keys that would name another window or role. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'length', // zod 4 ran string length checks on {length: …} and could throw
  'hasOwnProperty',
  '__defineGetter__',
  'windowId',
  'deviceId',
  'staffCode',
  'role',
  'isAdmin',
  'actor',
  '_placeholder',
  '',
] as const;

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Numbers where integers (or small enums) are expected. */
export const HOSTILE_NUMBERS = [
  -1,
  -0,
  0.5,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  -(2 ** 53),
  2 ** 31,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.EPSILON,
  6,
  0,
] as const;

/** A string of control characters or with one inside. */
export const controlText: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, c, b]) => `${a}${String.fromCharCode(c)}${b}`);

/** Over LIMITS.maxMessageBytes in UTF-8 but under the frame limit: `message_too_large`. */
const hugeText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: LIMITS.maxMessageBytes + 1, max: 60_000 }).map((n) => 'x'.repeat(n)),
  // Fewer characters than the limit, more bytes: the limit counts UTF-8 bytes.
  fc.integer({ min: 5_500, max: 19_000 }).map((n) => '汉'.repeat(n)),
  fc.integer({ min: 4_200, max: 14_000 }).map((n) => '😀'.repeat(n)),
);

/** Arrays or objects nested `depth` deep (small enough for the socket.io client's encoder). */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = kind === 'array' ? [] : {};
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}
const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 20, max: 3_000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** Anything JSON can carry, and some things it cannot (dates, NaN, sparse arrays, null protos). */
export const anyValue: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  maxKeys: 6,
  key: hostileKey,
  withBoxedValues: false,
  withMap: false,
  withSet: false,
  withBigInt: false,
  withTypedArray: false,
  withDate: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
});

/** A value JSON keeps (an undefined one drops its key on the wire). */
const presentValue: fc.Arbitrary<unknown> = anyValue.filter((v) => v !== undefined);

/** A value of the wrong kind for some field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    false,
    '',
    ' ',
    'null',
    '{}',
    '1',
    [],
    {},
    [null],
    [[]],
    'x'.repeat(LIMITS.idMaxLength + 1),
    '../../etc/passwd',
    "'; DROP TABLE tickets; --",
    '<script>alert(1)</script>',
    '\u202e\u0000',
    '\ud800',
  ),
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  controlText,
  anyValue,
  fc.array(anyValue, { maxLength: 12 }),
  fc.dictionary(hostileKey, anyValue, { maxKeys: 5 }),
);

type Path = readonly (string | number)[];

/** Every place in a message: the root, each key, each array element, all the way down. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

/** Sets an own, enumerable property (also `__proto__`), as JSON.parse would make it. */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export type Mutation =
  | { op: 'replace'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  | { op: 'addKey'; path: Path; key: string; value: unknown };

/**
 * Applies a mutation to a copy of `base`. `extraKey` is true when it added a key its object did
 * not have: objects are strict, so such a message is invalid whatever the schema says of the rest.
 */
export function applyMutation(base: unknown, m: Mutation): { payload: unknown; extraKey: boolean } {
  const root: unknown = structuredClone(base);
  if (m.op === 'replace' && m.path.length === 0) return { payload: m.value, extraKey: false };
  const holder = { root };
  let parent: unknown = holder;
  let key: string | number = 'root';
  for (const step of m.path) {
    parent = (parent as Record<string | number, unknown>)[key];
    key = step;
  }
  const target = (parent as Record<string | number, unknown>)[key];
  let extraKey = false;
  switch (m.op) {
    case 'replace':
      setOwn(parent as object, key, m.value);
      break;
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete (parent as Record<string | number, unknown>)[key];
      break;
    case 'addKey':
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        extraKey = !Object.hasOwn(target, m.key);
        setOwn(target, m.key, m.value);
      } else setOwn(parent as object, key, { [m.key]: m.value });
      break;
  }
  return { payload: holder.root, extraKey };
}

/** A valid message with one thing made wrong: a value, a missing field, an extra key. */
export function mutationOf(base: Record<string, unknown>): fc.Arbitrary<Mutation> {
  const paths = pathsOf(base);
  const fieldPaths = paths.filter((p) => p.length > 0);
  const path = fc.constantFrom(...paths);
  const field = fc.constantFrom(...fieldPaths);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('replace' as const),
        path: field,
        value: hostileValue,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('replace' as const),
        path: field,
        value: controlText,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('replace' as const),
        path: field,
        value: fc.constantFrom<unknown>(...HOSTILE_NUMBERS),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('replace' as const), path: field, value: hugeText }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('replace' as const), path, value: deepValue }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: field }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('addKey' as const),
        path,
        key: hostileKey,
        value: presentValue,
      }),
    },
  );
}

/** What the hub receives of an emitted value: Socket.IO sends plain values as JSON. */
function overTheWire(value: unknown): unknown {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : (JSON.parse(json) as unknown);
}

/**
 * What the hub must answer, decided without the protocol's schemas: an event the namespace does
 * not have, a wrong number of arguments, a message over the size limit, anything but an object,
 * an object with a key it cannot have (`strict`). Null when only the schema can tell.
 */
function mustRefuse(
  role: Role,
  event: string,
  args: readonly unknown[],
  strict: boolean,
): HostileMessage['expected'] | null {
  if (!eventsOf(role).includes(event) || args.length !== 1) return 'invalid_message';
  const json = JSON.stringify(overTheWire(args[0])) as string | undefined;
  if (json !== undefined && Buffer.byteLength(json) > LIMITS.maxMessageBytes)
    return 'message_too_large';
  const raw = args[0];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'invalid_message';
  return strict ? 'invalid_message' : null;
}

/**
 * The code the hub must answer for `args` sent as `event` in `role`'s namespace, or null when
 * the message is in fact valid (such messages are not sent: they would change the hall). The
 * independent rules above win over the schemas, so a schema that let such a message through
 * would make the hub answer `ok` and the test fail.
 */
export function expectedCode(
  role: Role,
  event: string,
  args: readonly unknown[],
  strict = false,
): HostileMessage['expected'] | null {
  const independent = mustRefuse(role, event, args, strict);
  if (independent) return independent;
  const raw = args.length === 1 ? overTheWire(args[0]) : undefined;
  const parsed = parseMessage(role, event, raw);
  return parsed.ok ? null : parsed.error.code;
}

const SEED = 20_250_314;

function seedOf(text: string): number {
  let h = SEED;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * The barrage of one namespace: for each event it accepts, whole payloads of every kind and
 * valid messages with one field made hostile; the arguments wrong in count; the events of other
 * namespaces with their valid messages; unknown and hostile event names. Valid ones are left out
 * (they are counted in `valid`).
 */
export function barrageFor(
  role: Role,
  perEvent: { whole: number; mutated: number },
): { messages: HostileMessage[]; valid: number } {
  const messages: HostileMessage[] = [];
  let valid = 0;
  const add = (event: string, args: readonly unknown[], label: string, strict = false): void => {
    const expected = expectedCode(role, event, args, strict);
    if (expected === null) valid++;
    else messages.push({ event, args, expected, label });
  };

  for (const event of eventsOf(role)) {
    const base = exampleOf(role, event);
    for (const payload of fc.sample(anyValue, {
      seed: seedOf(`${role}/${event}/whole`),
      numRuns: perEvent.whole,
    }))
      add(event, [payload], 'anything');
    for (const payload of [
      undefined,
      null,
      0,
      -1,
      NaN,
      '',
      'sync',
      true,
      [],
      {},
      [base],
      JSON.stringify(base),
    ])
      add(event, [payload], `constant ${JSON.stringify(payload) ?? 'undefined'}`);
    for (const m of fc.sample(mutationOf(base), {
      seed: seedOf(`${role}/${event}/mutated`),
      numRuns: perEvent.mutated,
    })) {
      const where = m.path.join('.') || '(root)';
      const { payload, extraKey } = applyMutation(base, m);
      add(
        event,
        [payload],
        m.op === 'addKey' ? `addKey ${where} ${JSON.stringify(m.key)}` : `${m.op} ${where}`,
        extraKey,
      );
    }
    // The arguments themselves: none, two payloads, the payload twice.
    add(event, [], 'no payload');
    add(event, [base, base], 'two payloads');
    add(event, [base, { commandId: 'second-0001' }], 'two payloads (second different)');
    // Binary payloads come as Buffers: never a valid message.
    add(event, [Buffer.from(JSON.stringify(base))], 'binary payload', true);
    add(event, [{ ...base, commandId: Buffer.from('abcdefgh-0001') }], 'binary field', true);
    add(event, [new Uint8Array(1_000)], 'typed array payload', true);
    add(event, [{ data: new ArrayBuffer(16) }], 'array buffer field', true);
  }

  // Other namespaces' events, with their own valid messages: unknown here.
  for (const other of ROLES) {
    for (const event of commandNames(other)) {
      if (Object.hasOwn(COMMAND_SCHEMAS[role], event)) continue;
      add(event, [exampleOf(other, event)], `event of ${other}`);
    }
  }
  // Hostile and unknown event names (Socket.IO's reserved ones are refused by the client itself).
  const names = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'batch',
    'SYNC',
    'sync ',
    ' issue_ticket',
    'call_next\u0000',
    '',
    'x'.repeat(10_000),
    ...fc.sample(fc.string({ unit: 'binary', maxLength: 30 }), {
      seed: seedOf(`${role}/names`),
      numRuns: 20,
    }),
  ].filter((name) => !RESERVED_EVENTS.has(name) && !eventsOf(role).includes(name));
  for (const name of names) add(name, [{ commandId: 'unknown-event-01' }], 'unknown event', true);
  return { messages, valid };
}
