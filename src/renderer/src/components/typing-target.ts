/**
 * Where single-key shortcuts must not fire: the focused element owns the key (kept out of
 * lib/, which stays free of the DOM).
 */

/** True when the focused element takes typed text (a field): no single-key shortcut fires there. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('textarea, select') !== null) return true;
  const input = target.closest('input');
  return input !== null && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(input.type);
}

/** True when Space belongs to the focused element: a field, or a control Space presses. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (isTextEntry(target)) return true;
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('input, button, a[href], summary') !== null) return true;
  const role = target.getAttribute('role');
  return role !== null && ['button', 'checkbox', 'tab', 'switch', 'menuitem'].includes(role);
}
