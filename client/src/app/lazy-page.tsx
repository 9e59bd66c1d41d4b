import { Component, Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A page whose code is its own chunk, loaded the first time the page is shown, so the page a person
 * opens first does not download every other one. `load` is
 * `() => import('../x/XPage').then((m) => m.XPage)`. While the chunk loads the page says so (a status for screen readers);
 * a chunk that cannot load (offline, a new deployment) says that, with a button to reload.
 * `preload()` starts the download early, e.g. when the page is likely next.
 */
export function lazyPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> & { preload: () => void } {
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const start = () =>
    (loading ??= load().then(
      (page) => ({ default: page }),
      (error: unknown) => {
        loading = null; // a later render tries again
        throw new PageLoadError(error);
      },
    ));
  const Lazy = lazy(start);
  const Page = (props: P) => (
    <PageLoadBoundary>
      <Suspense fallback={<PageLoading />}>
        <Lazy {...props} />
      </Suspense>
    </PageLoadBoundary>
  );
  return Object.assign(Page, { preload: () => void start().catch(() => undefined) });
}

/** Shown while a page's code loads. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <main className="page" id="main" aria-busy="true">
      <p className="loading" role="status">
        {t('app.loadingPage')}
      </p>
    </main>
  );
}

function PageLoadFailed() {
  const { t } = useI18n();
  return (
    <main className="page" id="main">
      <p role="alert" className="error">
        {t('app.loadPageFailed')}
      </p>
      <button type="button" className="button" onClick={() => location.reload()}>
        {t('board.retry')}
      </button>
    </main>
  );
}

class PageLoadError extends Error {
  constructor(cause: unknown) {
    super(`page code could not be loaded: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Catches a chunk that failed to load; any other error goes on to whoever handles it above. */
class PageLoadBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error instanceof PageLoadError) return <PageLoadFailed />;
    if (this.state.error) throw this.state.error;
    return this.props.children;
  }
}
