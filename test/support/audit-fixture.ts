import { type BoardState, type RecordedEvent, PLAN_YEARS, mulberry32 } from '@selaras/shared';
import type { ApiClient } from './api-client';

export const BOARD = 'banyuasin-2025-2029';

/** Every event of the board, paged through GET /events. */
export async function allEvents(client: ApiClient, boardId = BOARD): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const res = await client.get<{ revision: number; events: RecordedEvent[] }>(
      `/api/boards/${boardId}/events?after=${events.length - 1}&limit=1000`,
    );
    events.push(...res.body.events);
    if (events.length - 1 >= res.body.revision) return events;
  }
}

/**
 * `count` random commands over HTTP as the secretariat and two OPDs: revisions, moves, comments,
 * archive/restore, a meeting with a milestone in it. Refusals (a rule said no) are part of the game.
 */
export async function randomCommands(clients: ApiClient[], count: number, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const [sekretariat] = clients;
  let base = await sekretariat!.revision(BOARD);
  const board = (await sekretariat!.get<{ board: BoardState }>(`/api/boards/${BOARD}`)).body.board;
  const programs = Object.keys(board.programs);
  const columns = board.columns.map((c) => c.id);
  const send = async (client: ApiClient, type: string, data: unknown) => {
    const res = await client.command(BOARD, type, data, base);
    if (res.status === 200) base = Math.max(base, (res.body as { revision: number }).revision);
  };
  await send(sekretariat!, 'StartMeeting', { meetingId: 'rapat-uji', title: 'Rapat sinkronisasi uji' });
  for (let i = 0; i < count; i++) {
    const client = pick(clients);
    const programId = pick(programs);
    const r = random();
    if (r < 0.4) {
      const year = pick(PLAN_YEARS);
      await send(client, 'ReviseProgram', {
        programId,
        changes: { pagu: { [year]: Math.floor(random() * 1e9) } },
      });
    } else if (r < 0.7) await send(client, 'MoveProgram', { programId, toColumnId: pick(columns) });
    else if (r < 0.85) await send(client, 'CommentOnProgram', { programId, text: `komentar ${i}` });
    else
      await send(client, random() < 0.5 ? 'ArchiveProgram' : 'UnarchiveProgram', {
        programId,
        reason: 'uji',
      });
    if (i === Math.floor(count / 2))
      await send(sekretariat!, 'MarkMilestone', { title: 'Kesepakatan sementara' });
  }
  await send(sekretariat!, 'EndMeeting', { meetingId: 'rapat-uji' });
}
