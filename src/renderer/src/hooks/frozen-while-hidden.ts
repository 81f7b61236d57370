import { memo } from 'react';

/**
 * Wraps a tab's view so that, while the tab is hidden (`visible` false), new props from its
 * data hooks re-render nothing: the view keeps its last output and catches up with the latest
 * props when shown again. The view's own state and context still update it, as usual.
 */
export function frozenWhileHidden<P extends { visible: boolean }>(
  view: (props: P) => React.JSX.Element,
): React.NamedExoticComponent<P> {
  return memo(view, (_previous, next) => !next.visible);
}
