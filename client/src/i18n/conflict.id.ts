/** Strings of the conflict UI in Bahasa Indonesia; `conflict.en.ts` mirrors the keys. */
export const conflictId = {
  'conflict.placeholder': '',
} as const;
