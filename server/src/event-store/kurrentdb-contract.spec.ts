import { eventStoreContract } from './event-store.contract';
import { describeStore, openEventStore, type StoreSpec } from './store-factory';

/**
 * The store contract against a real KurrentDB server, when SELARAS_TEST_KURRENTDB names one (the
 * `contract` service of docker-compose.yml does). Tests share the server: each writes only its own
 * randomly prefixed streams. Without the variable the suite is reported as skipped, and says why.
 */
const url = process.env.SELARAS_TEST_KURRENTDB;

if (url) {
  const spec: StoreSpec = { kind: 'kurrentdb', connectionString: url };
  jest.setTimeout(30_000);
  eventStoreContract(
    `KurrentDB server at ${describeStore(spec)}`,
    async () => {
      const store = await openEventStore(spec);
      return { store, cleanup: () => store.close() };
    },
    { idsUniqueAcrossStreams: false },
  );
} else {
  const reason =
    'SELARAS_TEST_KURRENTDB is not set, so no KurrentDB server to run against ' +
    '(e.g. SELARAS_TEST_KURRENTDB=kurrentdb://localhost:2113?tls=false, or `docker compose run --rm contract`)';
  process.stderr.write(`\nKurrentDB contract suite SKIPPED: ${reason}\n`);
  describe('EventStore contract: KurrentDB server', () => {
    it.skip(`skipped: ${reason}`, () => undefined);
  });
}
