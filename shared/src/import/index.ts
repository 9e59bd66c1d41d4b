export * from './import-types';
export * from './numbers';
export * from './headers';
export * from './rows';
export { planImport, type PlanInput } from './plan';
export { tableFromCsv } from './csv-table';
