/**
 * The table's checkbox column. A click toggles one session; Shift+click selects the range from the last one toggled.
 * The header box selects every loaded row of the current view (as Ctrl/Cmd+A does), or clears the selection.
 */
import type { MouseEvent } from 'react';
import { loadedCount } from '../../stores/list-windows.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';

/** Shift+click extends from the anchor; a plain click toggles. Shared by the table's checkbox and the grid's. */
export function useSelectClick() {
  const { selection } = useServices();
  return (id: string, event: Pick<MouseEvent, 'shiftKey'>) => {
    if (event.shiftKey) selection.getState().selectRange(id);
    else selection.getState().toggle(id);
  };
}

/** `inCard`: the grid card's box, out of the tab order (the card itself takes Space). */
export function SelectCell({ id, title, inCard = false }: { id: string; title: string; inCard?: boolean }) {
  const selected = useSelection((s) => s.ids.has(id));
  const onSelect = useSelectClick();
  return (
    <input
      type="checkbox"
      className={inCard ? 'row-select card-select' : 'row-select'}
      tabIndex={inCard ? -1 : undefined}
      checked={selected}
      // The change is applied in onClick, where Shift is known; React wants a handler for a controlled box.
      onChange={() => undefined}
      onClick={(event) => {
        event.stopPropagation();
        onSelect(id, event);
      }}
      aria-label={`Select ${title}`}
      data-testid="select-session"
    />
  );
}

export function SelectAllHeader() {
  const { selection } = useServices();
  const count = useSelection((s) => s.ids.size);
  const loaded = useLibrary((s) => loadedCount(s.rows, s.windows));
  const all = loaded > 0 && count >= loaded;
  return (
    <input
      type="checkbox"
      className="row-select"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = count > 0 && !all;
      }}
      onChange={() => (count > 0 ? selection.getState().clear() : selection.getState().selectAll())}
      aria-label={count > 0 ? 'Clear the selection' : 'Select all loaded sessions'}
      title={count > 0 ? 'Clear the selection' : 'Select every loaded session (Ctrl+A)'}
      data-testid="select-all"
    />
  );
}
