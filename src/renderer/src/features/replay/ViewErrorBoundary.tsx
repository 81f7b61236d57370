import { Component, type ErrorInfo, type ReactNode } from 'react';

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
      <div className="view-error">
        <p className="error" role="alert">
          This view stopped: {this.state.error}
        </p>
        <button
          type="button"
          onClick={() => {
            this.setState({ error: null });
            this.props.onBackToLive();
          }}
        >
          Back to live data
        </button>
      </div>
    );
  }
}
