import type { editorId } from './editor.id';

export const editorEn: Record<keyof typeof editorId, string> = {
  'editor.placeholder': '',
};
