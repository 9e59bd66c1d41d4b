/// <reference lib="dom" />
// Browser specs: one real server (server/dist/main.js with the built client) and one headless
// Debian chromium per spec file; every test gets fresh browser contexts (its own localStorage).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BoardResponse, LoginResponse } from '@selaras/shared';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { SqliteEventStore } from '../../../server/src/event-store/sqlite-event-store';
import { generateSyntheticBoard } from '../../../server/src/tools/synthetic-board';
import { ApiClient } from '../../support/api-client';
import { type ServerProcess, startServer, tempDataDir } from '../../support/server-process';

/** Debian's chromium (CI installs it); `SELARAS_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.SELARAS_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
];

/** Screenshots for a reviewer (git-ignored). */
export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts');

export const DEMO_BOARD = 'banyuasin-2025-2029';
export const VIEWPORT = { width: 1600, height: 1000 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors the page produced (checked by `expectNoPageErrors`). */
  errors: string[];
}

/** One server and one browser for a spec file. */
export class BrowserHarness {
  private readonly contexts: BrowserContext[] = [];
  private readonly apis = new Map<string, ApiClient>();

  private constructor(
    readonly server: ServerProcess,
    readonly browser: Browser,
    private readonly cleanup: () => void,
  ) {}

  /** `prepare` writes into the data dir before the server starts (e.g. a synthetic board). */
  static async start(
    options: { env?: Record<string, string>; prepare?: (dataDir: string) => Promise<void> } = {},
  ): Promise<BrowserHarness> {
    const data = tempDataDir();
    const launching = launchChromium();
    let server: ServerProcess | undefined;
    try {
      await options.prepare?.(data.dir);
      server = await startServer(data.dir, options.env);
      return new BrowserHarness(server, await launching, data.cleanup);
    } catch (error) {
      await launching.then((b) => b.close()).catch(() => undefined);
      await server?.stop();
      data.cleanup();
      throw error;
    }
  }

  get url(): string {
    return this.server.url;
  }

  /** A logged-in API client for `username` (cached). */
  async api(username = 'sekretariat'): Promise<ApiClient> {
    let client = this.apis.get(username);
    if (!client) {
      client = await ApiClient.login(this.url, username);
      this.apis.set(username, client);
    }
    return client;
  }

  async boardFromServer(boardId = DEMO_BOARD): Promise<BoardResponse> {
    const res = await (await this.api()).get<BoardResponse>(`/api/boards/${boardId}`);
    if (res.status !== 200) throw new Error(`GET board ${boardId} → ${res.status}`);
    return res.body;
  }

  /** A fresh context and page, signed out. */
  async newPage(): Promise<OpenedPage> {
    return this.open(await this.browser.newContext({ viewport: VIEWPORT, baseURL: this.url }));
  }

  /**
   * A fresh context already signed in as `username`: the session the login page would store
   * (`selaras:session` in localStorage), from a real POST /api/auth/login.
   */
  async signedInPage(username: string, options: { url?: string } = {}): Promise<OpenedPage> {
    // `url`: the page talks to the server through another origin (a proxy in front of it).
    const url = options.url ?? this.url;
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'selaras' }),
    });
    if (res.status !== 200) throw new Error(`login ${username} → ${res.status}`);
    const login = (await res.json()) as LoginResponse;
    const session = { token: login.token, expiresAt: login.expiresAt, user: login.user };
    const context = await this.browser.newContext({
      viewport: VIEWPORT,
      baseURL: url,
      storageState: {
        cookies: [],
        origins: [
          {
            origin: new URL(url).origin,
            localStorage: [{ name: 'selaras:session', value: JSON.stringify(session) }],
          },
        ],
      },
    });
    return this.open(context);
  }

  /** Closes the contexts of the test that just ran (call in afterEach). */
  async closeContexts(): Promise<void> {
    const open = this.contexts.splice(0);
    await Promise.all(open.map((c) => c.close().catch(() => undefined)));
  }

  async stop(): Promise<void> {
    await this.closeContexts();
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    this.cleanup();
  }

  private async open(context: BrowserContext): Promise<OpenedPage> {
    this.contexts.push(context);
    // Fail fast: nothing a test waits for should take long on a 2-core machine.
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // A failed request while offline is expected; anything else logged as an error is not.
      if (
        message.type() === 'error' &&
        !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(message.text())
      )
        errors.push(`console.error: ${message.text()}`);
    });
    return { context, page, errors };
  }
}

/** A prepare step: a small synthetic board (long columns) in the store before the server starts. */
export function syntheticBoard(boardId: string, programs: number) {
  return async (dataDir: string): Promise<void> => {
    const store = new SqliteEventStore({ filename: path.join(dataDir, 'selaras.sqlite') });
    try {
      await generateSyntheticBoard(store, { boardId, programs, events: programs + 1 });
    } finally {
      await store.close();
    }
  };
}

// ---- the board, as the page shows it ------------------------------------------------------------

export const card = (page: Page, programId: string) =>
  page.locator(`[data-testid=card][data-program-id="${programId}"]`);

export const column = (page: Page, columnId: string) =>
  page.locator(`[data-testid=column][data-column-id="${columnId}"]`);

/** Opens a board and waits until it shows cards and is online. */
export async function openBoard(page: Page, boardId = DEMO_BOARD): Promise<void> {
  await page.goto(`/papan/${boardId}`);
  await page.locator('[data-testid=card]').first().waitFor({ state: 'visible' });
  await waitForStatus(page, 'online');
}

export async function waitForStatus(
  page: Page,
  status: 'online' | 'connecting' | 'reconnecting' | 'offline',
  timeout = 10_000,
): Promise<void> {
  await page.locator(`[data-testid=connection][data-status=${status}]`).waitFor({ timeout });
}

/** The column a card shows in, or null when it is not rendered. */
export function columnOf(page: Page, programId: string): Promise<string | null> {
  return page.evaluate(
    (id) =>
      document
        .querySelector(`[data-testid=card][data-program-id="${CSS.escape(id)}"]`)
        ?.closest('[data-testid=column]')
        ?.getAttribute('data-column-id') ?? null,
    programId,
  );
}

/** The revision the page shows ("Revisi N" / "Revision N"). */
export async function shownRevision(page: Page): Promise<number> {
  const text = await page.locator('[data-testid=revision]').textContent();
  const match = /(\d+)/.exec(text ?? '');
  if (!match) throw new Error(`no revision in "${text}"`);
  return Number(match[1]);
}

export async function pendingCount(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid=pending-count]').getAttribute('data-count'));
}

export interface ShownCard {
  programId: string;
  columnId: string;
  label: string;
}

/** Every card the page renders, with its column and accessible label. */
export function shownCards(page: Page): Promise<ShownCard[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid=card]')).map((el) => ({
      programId: el.dataset.programId ?? '',
      columnId: el.closest<HTMLElement>('[data-testid=column]')?.dataset.columnId ?? '',
      label: el.getAttribute('aria-label') ?? '',
    })),
  );
}

/**
 * What differs between the page and the server's board: the revision shown, pending changes, and
 * for every card the page renders, its column and its title. Empty when they agree.
 */
export async function differencesFromServer(page: Page, server: BoardResponse): Promise<string[]> {
  const problems: string[] = [];
  const revision = await shownRevision(page);
  if (revision !== server.revision) problems.push(`revision ${revision}, server ${server.revision}`);
  const pending = await pendingCount(page);
  if (pending !== 0) problems.push(`${pending} pending`);
  const cards = await shownCards(page);
  if (cards.length === 0) problems.push('no cards shown');
  for (const shown of cards) {
    const program = server.board.programs[shown.programId];
    if (!program) {
      problems.push(`${shown.programId}: not on the server`);
      continue;
    }
    if (program.archived) problems.push(`${shown.programId}: archived on the server but shown`);
    if (program.columnId !== shown.columnId)
      problems.push(`${shown.programId}: in ${shown.columnId}, server ${program.columnId}`);
    if (!shown.label.includes(`${program.code} ${program.title},`))
      problems.push(`${shown.programId}: "${shown.label}", server title "${program.title}"`);
  }
  // Order within a column follows the server's programIds.
  for (const col of server.board.columns) {
    const order = cards.filter((c) => c.columnId === col.id).map((c) => c.programId);
    const expected = col.programIds.filter((id) => order.includes(id));
    if (order.join() !== expected.join())
      problems.push(`${col.id}: order ${order.join()} ≠ ${expected.join()}`);
  }
  return problems;
}

/** Waits until the page agrees with the server's current board (re-read on every try). */
export async function expectConvergedWithServer(
  harness: BrowserHarness,
  page: Page,
  boardId = DEMO_BOARD,
  timeoutMs = 10_000,
): Promise<BoardResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = await harness.boardFromServer(boardId);
    const problems = await differencesFromServer(page, server);
    if (problems.length === 0) return server;
    if (Date.now() > deadline)
      throw new Error(`page did not converge to the server in ${timeoutMs} ms:\n  ${problems.join('\n  ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Retries an assertion until it passes (bounded). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * A pointer drag as a person does it: press on the card, move past the 6 px threshold, glide to the
 * target column's list (near `slot`, 0 = top) and release.
 */
export async function pointerDrag(
  page: Page,
  programId: string,
  toColumnId: string,
  slot = 0,
): Promise<void> {
  // The demo board's cards are taller since they show their kegiatan: the one to drag may be below
  // the fold of its column, where a mouse cannot reach it.
  await card(page, programId).scrollIntoViewIfNeeded();
  const from = await card(page, programId).boundingBox();
  const list = await column(page, toColumnId).locator('[data-drop-list]').boundingBox();
  if (!from || !list) throw new Error(`cannot drag ${programId} to ${toColumnId}: not on screen`);
  const x0 = from.x + from.width / 2;
  const y0 = from.y + from.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 12, y0 + 12, { steps: 3 });
  await page.mouse.move(list.x + list.width / 2, list.y + 20 + slot * 120, { steps: 12 });
}

export async function releasePointer(page: Page): Promise<void> {
  await page.mouse.up();
}

export function expectNoPageErrors(...pages: OpenedPage[]): void {
  const errors = pages.flatMap((p) => p.errors);
  if (errors.length > 0) throw new Error(`the page reported errors:\n  ${errors.join('\n  ')}`);
}
