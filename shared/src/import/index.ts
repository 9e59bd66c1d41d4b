export * from './import-types';
export * from './numbers';
export * from './headers';
export * from './rows';
export { planImport, type PlanInput } from './plan';
export { replayCommands } from './simulate';
export { tableFromCsv } from './csv-table';
