import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES } from './examples.js';
import { commandNames, parseMessage } from './parse.js';
import { NAMESPACES, ROLES } from './roles.js';

const doc = readFileSync(new URL('../../../../docs/PROTOCOL.md', import.meta.url), 'utf8');

/** The text of `## /role` up to the next `## `. */
function sectionOf(namespace: string): string {
  const start = doc.indexOf(`\n## ${namespace}\n`);
  if (start < 0) throw new Error(`docs/PROTOCOL.md has no section ${namespace}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/PROTOCOL.md', () => {
  it('documents every command of every namespace, with its example', () => {
    for (const role of ROLES) {
      const section = sectionOf(NAMESPACES[role]);
      for (const event of commandNames(role)) {
        expect(section, `${role} ${event}`).toContain(`\n### \`${event}\`\n`);
        expect(section, `${role} ${event}`).toContain('```json ' + `${role} ${event}\n`);
      }
    }
  });

  it('shows examples that are the tested ones, and valid', () => {
    const blocks = [...doc.matchAll(/```json (\w+) (\w+)\n([\s\S]*?)```/g)];
    expect(blocks.length).toBe(ROLES.reduce((n, role) => n + commandNames(role).length, 0));
    for (const [, role = '', event = '', json = ''] of blocks) {
      const examples: Record<string, Record<string, unknown> | undefined> = EXAMPLE_MESSAGES;
      const shown: unknown = JSON.parse(json);
      expect(shown, `${role} ${event}`).toEqual(examples[role]?.[event]);
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`no role ${role}`);
      expect(parseMessage(role as (typeof ROLES)[number], event, shown).ok).toBe(true);
    }
  });
});
