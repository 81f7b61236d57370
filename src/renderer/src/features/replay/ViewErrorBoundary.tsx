import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Catches a view that throws while rendering, so the page shows why and a way back to live data
 * instead of going blank (React unmounts the whole tree on an uncaught render error).
 */
export class ViewErrorBoundary extends Component<
  { children: ReactNode; onBackToLive: () => void },
  { error: string | null }
> {
  override state: { error: string | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('a view failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <ViewStopped
        error={this.state.error}
        onBackToLive={() => {
          this.setState({ error: null });
          this.props.onBackToLive();
        }}
      />
    );
  }
}

/** What shows instead of a failed view (a function, as a class cannot use the translation hook). */
function ViewStopped(props: { error: string; onBackToLive: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="view-error">
      <p className="error" role="alert">
        {t('replay.viewError.stopped', { error: props.error })}
      </p>
      <button type="button" onClick={props.onBackToLive}>
        {t('replay.viewError.backToLive')}
      </button>
    </div>
  );
}
