// The client's initial load measured in a Chromium that no DevTools client instruments. Playwright
// enables the DevTools Network domain on every page it drives, and Chromium then keeps and decodes a
// copy of every response for the inspector: on the renderer's main thread, ~140 ms for a 2.6 MB board
// (a trace shows TextResourceDecoder::Decode inside ResponseBodyLoader::DidFinishLoadingBody). A
// person's browser does not do that. Here Chromium is driven over --remote-debugging-pipe with only the
// Page, Emulation and Runtime domains, so the figure is the page's own; the same in-page
// instrumentation (client-page.ts) marks the times.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { type LoadTimes, initScript } from './client-page';
import { sleep } from './harness';

const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'];

class PipeCdp {
  private next = 0;
  private buffer = '';
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as {
          id?: number;
          result?: unknown;
          error?: { message: string };
        };
        this.buffer = this.buffer.slice(end + 1);
        const call = message.id === undefined ? undefined : this.calls.get(message.id);
        if (!call) continue;
        this.calls.delete(message.id!);
        if (message.error) call.reject(new Error(message.error.message));
        else call.resolve(message.result);
      }
    });
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }
}

/** `loads` loads of `url` (plus one warm-up), each in a fresh browser context with `session` stored. */
export async function loadsWithoutDevtools(
  executablePath: string,
  url: string,
  session: string,
  loads: number,
  viewport: { width: number; height: number },
): Promise<LoadTimes[]> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-chromium-'));
  const chromium: ChildProcess = spawn(
    executablePath,
    [...ARGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
    // Its own process group, so that the helpers (renderer, GPU, utility) can be stopped with it.
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true },
  );
  const exited = new Promise((resolve) => chromium.once('exit', resolve));
  let cdp: PipeCdp | undefined;
  try {
    cdp = new PipeCdp(chromium.stdio[3] as Writable, chromium.stdio[4] as Readable);
    const source = `(${initScript.toString()})(${JSON.stringify(session)})`;
    const times: LoadTimes[] = [];
    for (let i = 0; i <= loads; i++) {
      const { browserContextId } = await cdp.send<{ browserContextId: string }>(
        'Target.createBrowserContext',
      );
      const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
        url: 'about:blank',
        browserContextId,
      });
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
        targetId,
        flatten: true,
      });
      await cdp.send('Page.enable', {}, sessionId);
      await cdp.send(
        'Emulation.setDeviceMetricsOverride',
        { ...viewport, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
      await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source }, sessionId);
      await cdp.send('Page.navigate', { url }, sessionId);
      const pathname = new URL(url).pathname;
      for (let waited = 0; ; waited += 5) {
        // Until the new document has its promise: then wait for it.
        const answer = await cdp.send<{ result: { value?: LoadTimes | null } }>(
          'Runtime.evaluate',
          {
            expression: `location.pathname === ${JSON.stringify(pathname)} && window.__selarasLoaded ? window.__selarasLoaded : null`,
            awaitPromise: true,
            returnByValue: true,
          },
          sessionId,
        );
        if (answer.result.value) {
          if (i > 0) times.push(answer.result.value); // the first load warms the server and browser up
          break;
        }
        if (waited > 30_000) throw new Error(`${url} did not load in 30 s`);
        await sleep(5);
      }
      await cdp.send('Target.disposeBrowserContext', { browserContextId });
    }
    return times;
  } finally {
    await stopChromium(chromium, exited, cdp);
    // A profile directory left behind in the temp dir is untidy, not a failed benchmark.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (error) {
      process.stderr.write(`  (could not remove ${profile}: ${(error as Error).message})\n`);
    }
  }
}

/**
 * Closes Chromium as a user would (Browser.close lets it finish writing its profile), and after 5 s
 * kills what is left of its process group: a killed browser process leaves helpers that go on
 * writing to the profile directory (ENOTEMPTY when it is removed).
 */
async function stopChromium(chromium: ChildProcess, exited: Promise<unknown>, cdp?: PipeCdp): Promise<void> {
  if (cdp && chromium.exitCode === null && chromium.signalCode === null) {
    cdp.send('Browser.close').catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
  }
  try {
    process.kill(-chromium.pid!, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
  await exited;
}
