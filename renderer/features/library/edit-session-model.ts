/**
 * The edit form's text fields and the session fields they stand for: participants one per line as
 * "Name" or "Name (role)", tags separated by commas. Pure, so it is unit-tested.
 */
import type { Participant } from '../../../shared/contract/index.js';

type Role = Participant['role'];

export function participantsToText(participants: readonly Participant[]): string {
  return participants.map((p) => (p.role && p.role !== 'participant' ? `${p.name} (${p.role})` : p.name)).join('\n');
}

export function participantsFromText(text: string): Participant[] {
  return text.split('\n').flatMap((line) => {
    const trimmed = line.trim();
    if (!trimmed) return [];
    const m = /^(.*?)\s*\((coach|client|host|participant)\)$/i.exec(trimmed);
    const name = (m ? m[1]! : trimmed).trim();
    const role = (m ? m[2]!.toLowerCase() : 'participant') as Role;
    return name ? [{ name, role }] : [];
  });
}

export function tagsToText(tags: readonly string[]): string {
  return tags.join(', ');
}

export function tagsFromText(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}
