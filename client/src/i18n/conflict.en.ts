import type { conflictId } from './conflict.id';

export const conflictEn: Record<keyof typeof conflictId, string> = {
  'conflict.placeholder': '',
};
