/**
 * Zoom chat files: local `chat.txt` (older clients), local `meeting_saved_chat.txt` (newer) and the cloud
 * `…newChat.txt`. Lines seen in the wild:
 *   `00:12:34\t From  Jane Doe : Hello`                        (older, tab separated)
 *   `10:15:32 From  Jane Doe  to  Everyone:`  then `\tHello`   (text on the next line)
 *   `10:15:32 From Jane Doe to Lee Park(Direct Message) : Hi`  (private message)
 *   `00:01:05\tJane Doe:\tHello`                               (cloud, tab separated, no "From")
 * Lines that match none of these continue the previous message (multi-line messages).
 *
 * Local files stamp messages with the wall clock, cloud files with the time since the recording started. Pass
 * `startClock` (the `HH:MM:SS` from the Zoom folder name) for wall-clock files; without it stamps are taken as
 * offsets. Messages sent before the recording started get a null offset.
 */
import { normaliseLines } from './text-normalise.js';
import type { ChatMessage } from './types.js';

const FROM_TO = /^(\d{1,2}:\d{2}:\d{2})\s+From\s+(.+?)\s+[Tt]o\s+(.+?)\s*:(?:\s(.*))?$/;
const FROM_ONLY = /^(\d{1,2}:\d{2}:\d{2})\s+From\s+(.+?)\s*:(?:\s(.*))?$/;
const TAB_SEPARATED = /^(\d{1,2}:\d{2}:\d{2})\t+([^\t:]+?):?\t+(.*)$/;
const DAY = 24 * 3600;

export interface ChatParseOptions {
  /** Wall-clock `HH:MM:SS` at which the recording started; when given, stamps are read as wall-clock times. */
  startClock?: string;
}

function clockSeconds(clock: string): number {
  const [h, m, s] = clock.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}

function offsetFromStart(clock: string, startClock: string | undefined): number | null {
  if (!startClock) return clockSeconds(clock);
  let offset = clockSeconds(clock) - clockSeconds(startClock);
  if (offset < -DAY / 2) offset += DAY; // the meeting ran past midnight
  return offset < 0 ? null : offset;
}

function cleanRecipient(raw: string): string {
  return raw.replace(/\s*\((direct message|privately|in waiting room)\)\s*$/i, '').trim();
}

export function parseZoomChat(input: string, options: ChatParseOptions = {}): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let current: ChatMessage | null = null;
  for (const raw of normaliseLines(input).split('\n')) {
    const line = raw.replace(/\s+$/, '');
    let m: RegExpExecArray | null;
    let header: { clock: string; author: string; recipient: string | null; text: string } | null = null;
    if ((m = FROM_TO.exec(line)))
      header = { clock: m[1]!, author: m[2]!, recipient: cleanRecipient(m[3]!), text: m[4] ?? '' };
    else if ((m = FROM_ONLY.exec(line))) header = { clock: m[1]!, author: m[2]!, recipient: null, text: m[3] ?? '' };
    else if ((m = TAB_SEPARATED.exec(line)))
      header = { clock: m[1]!, author: m[2]!, recipient: null, text: m[3] ?? '' };

    if (header) {
      current = {
        t_seconds_from_start: offsetFromStart(header.clock, options.startClock),
        clock: header.clock.padStart(8, '0'),
        author: header.author.trim(),
        recipient: header.recipient,
        text: header.text.trim(),
      };
      messages.push(current);
    } else if (current && line.trim()) {
      current.text = current.text ? `${current.text}\n${line.trim()}` : line.trim();
    }
  }
  return messages.filter((msg) => msg.text !== '');
}
