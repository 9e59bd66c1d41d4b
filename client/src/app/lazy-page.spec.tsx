import { render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { I18nProvider } from '../i18n/i18n';
import { lazyPage } from './lazy-page';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function Greeting({ name }: { name: string }) {
  return <main>Halo {name}</main>;
}

class Catch extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }
  override render() {
    return this.state.error ? <p>caught: {this.state.error}</p> : this.props.children;
  }
}

describe('lazyPage', () => {
  it('says the page is loading (a status), then shows it with its props', async () => {
    const chunk = deferred<typeof Greeting>();
    const Page = lazyPage(() => chunk.promise);
    render(
      <I18nProvider>
        <Page name="Banyuasin" />
      </I18nProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Memuat halaman…');
    chunk.resolve(Greeting);
    expect((await screen.findByText('Halo Banyuasin')).tagName).toBe('MAIN');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says so when the code cannot load, with a way to try again', async () => {
    const chunk = deferred<typeof Greeting>();
    const Page = lazyPage(() => chunk.promise);
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <I18nProvider>
        <Page name="x" />
      </I18nProvider>,
    );
    chunk.reject(new TypeError('Failed to fetch dynamically imported module'));
    expect((await screen.findByRole('alert')).textContent).toContain('Halaman ini tidak dapat dimuat');
    expect(screen.getByRole('button', { name: 'Coba lagi' })).toBeTruthy();
    consoleError.mockRestore();
  });

  it('leaves other errors of the page to whoever handles them above', async () => {
    const Broken = (): ReactNode => {
      throw new Error('bug in the page');
    };
    const Page = lazyPage(() => Promise.resolve(Broken));
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <I18nProvider>
        <Catch>
          <Page />
        </Catch>
      </I18nProvider>,
    );
    expect((await screen.findByText(/caught:/)).textContent).toBe('caught: bug in the page');
    consoleError.mockRestore();
  });

  it('preloads once: the page shown later uses the same download', async () => {
    let loads = 0;
    const Page = lazyPage(() => {
      loads++;
      return Promise.resolve(Greeting);
    });
    Page.preload();
    Page.preload();
    render(
      <I18nProvider>
        <Page name="lagi" />
      </I18nProvider>,
    );
    await screen.findByText('Halo lagi');
    expect(loads).toBe(1);
  });
});
