import type {
  AnswerInstructionMessage,
  CommandAck,
  InstructionResult,
  LinkInstruction,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { Actor } from '../../store/index.js';

/*
 * The region's supervision instructions (督办) in the hall (docs/REGION.md, "Supervision"). The
 * link brings them (`RegionLink`'s poll); each is kept once, by its id, in the same commit as
 * its `instruction_received` event (the audit's entry). An admin's answer is written into its
 * row in the same commit as `instruction_answered`, which crosses the link back up in the
 * hall's own stream: the region reads it from there. So each side keeps each step exactly once,
 * through restarts of either: a repeated instruction changes nothing, an answer is given once.
 */

/** Keeps the instructions the hall does not hold yet; how many were new. */
export function receiveInstructions(hub: Hub, instructions: readonly LinkInstruction[]): number {
  const records = hub.store.regionInstructions;
  let added = 0;
  for (const instruction of instructions) {
    // The hub is the one writer: nothing else adds between the look and the commit.
    if (records.get(instruction.id) !== null) continue;
    hub.record({ kind: 'system' }, 'system', null, () => {
      records.add(instruction, hub.now());
      return {
        events: [
          {
            type: 'instruction_received',
            instructionId: instruction.id,
            complaintId: instruction.complaintId,
            deadline: instruction.deadline,
          },
        ],
        result: null,
      };
    });
    added += 1;
  }
  return added;
}

/** An admin's answer: once per instruction, committed with its `instruction_answered`. */
export function answerInstruction(
  hub: Hub,
  caller: { actor: Actor; actorKey: string; staffCode: string },
  m: AnswerInstructionMessage,
): CommandAck<InstructionResult> {
  const records = hub.store.regionInstructions;
  const current = records.get(m.instructionId);
  if (current === null) {
    return {
      ok: false,
      error: {
        code: 'invalid_message',
        message: `instructionId: no instruction ${m.instructionId}`,
      },
    };
  }
  if (current.answer !== null) {
    return {
      ok: false,
      error: {
        code: 'invalid_message',
        message: `instructionId: ${m.instructionId} has been answered already`,
        issues: [{ path: 'instructionId', code: 'already_answered', params: {} }],
      },
    };
  }
  const answer = m.answer.trim();
  const { result } = hub.record(caller.actor, caller.actorKey, m.commandId, () => {
    records.answer(m.instructionId, answer, caller.staffCode, hub.now());
    const instruction = records.get(m.instructionId);
    if (instruction === null) throw new Error(`instruction ${m.instructionId} vanished`);
    return {
      events: [
        {
          type: 'instruction_answered',
          instructionId: m.instructionId,
          answer,
          staffCode: caller.staffCode,
        },
      ],
      result: { instruction },
    };
  });
  return { ok: true, result };
}
