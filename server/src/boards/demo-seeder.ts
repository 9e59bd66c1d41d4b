import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_BOARD_ID, type DemoStep, demoBoardSteps } from '@selaras/shared';
import type { Logger } from 'pino';
import { DEMO_ACCOUNTS } from '../auth/users';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../logging/logger';
import { BoardsService } from './boards.service';
import { deterministicUuid } from './catalog';

/** Seeds the demo board on the first start in demo mode, through the normal command path. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly boards: BoardsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    if (this.boards.listBoards().some((b) => b.id === DEMO_BOARD_ID)) return;
    const steps = demoBoardSteps();
    // Fixed command ids: two servers seeding an empty store at once store each step once (the second
    // one's attempt is answered from the first one's events).
    const run = (step: DemoStep, index: number) => {
      const account = DEMO_ACCOUNTS.find((a) => a.username === step.username);
      if (!account) throw new Error(`demo step names unknown account ${step.username}`);
      const { id, name, role, opdId } = account;
      const commandId = deterministicUuid(`demo-seed:${DEMO_BOARD_ID}:${index}`);
      return this.boards.run(DEMO_BOARD_ID, step.type, step.data, { id, name, role, opdId }, commandId);
    };
    // The board first; then every other step at once, in order: they are decided in arrival order and
    // share the store's group commit (one fsync for many, not one each).
    const outcomes = [
      await run(steps[0]!, 0),
      ...(await Promise.all(steps.slice(1).map((s, i) => run(s, i + 1)))),
    ];
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 200)
        throw new Error(`demo seed failed at step ${i}: ${JSON.stringify(outcome.body)}`);
    });
    this.logger.info({ boardId: DEMO_BOARD_ID }, 'demo board seeded (Data contoh)');
  }
}
