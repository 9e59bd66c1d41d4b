/** Strings of the editor UI in Bahasa Indonesia; `editor.en.ts` mirrors the keys. */
export const editorId = {
  'editor.placeholder': '',
} as const;
